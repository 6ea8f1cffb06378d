package dev.labdeck.controller.profile;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The definition of one profile key, written on the model record's component that holds its
 * value. The reader, the writer, the validator, the published JSON Schema and the desktop app's
 * choice lists all follow from it (see {@code docs/profile-fields.md}): the component's Java type
 * gives the YAML type (text, whole number, number, boolean, duration, a {@link ProfileWord} enum
 * for a closed set of words, lists of these, or a nested record of keys).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Key {

    /** The YAML key; the component's name in snake_case when empty. */
    String name() default "";

    /** What the key means, for people: the schema's description and the documentation. */
    String doc();

    /**
     * The value when the key is left out, as it would be written in YAML ({@code 1000}, {@code 10s},
     * {@code native}, {@code [json, csv]}); empty when there is no fixed default (then the value is
     * null, or worked out by the reader from other keys, as {@link #derived} says).
     */
    String orElse() default "";

    /** When the default depends on other keys: how, in a few words (shown in the schema). */
    String derived() default "";

    /** Reported as missing when absent. */
    boolean required() default false;

    /** Smallest allowed whole number (for a list: of each item). */
    long min() default Long.MIN_VALUE;

    /** Largest allowed whole number (for a list: of each item). */
    long max() default Long.MAX_VALUE;

    /** A duration above zero (durations are otherwise only refused when negative). */
    boolean positive() default false;

    /** A TCP/UDP port: {@code 1} to {@code 65535}, "X is out of range 1-65535". */
    boolean port() default false;

    /** For messages: the unit after a bound ("packets per second", "bytes"). */
    String unit() default "";

    /** For messages: why the bounds are what they are, e.g. "(the agent's limit)". */
    String why() default "";

    /**
     * For a whole number: a word that may stand in for it and means 0 ({@code threads: auto});
     * the reader takes it, the writer writes it for 0, the schema allows it and the bounds do not
     * apply to it. Empty when the key is a plain number.
     */
    String zeroWord() default "";

    /** For a list: a single value means a list of one ({@code roles: src}). */
    boolean oneOrMore() default false;

    /** A whole number that may be written with an SI suffix: {@code 10k}, {@code 1.5M}, {@code 1G}. */
    boolean siSuffix() default false;

    /**
     * A whole number that may be given as a list: the run then measures each item in turn, as a
     * {@code sweep} section listing them would ({@code rate_pps: [10k, 100k, 1M]}).
     */
    boolean sweeps() default false;

    /** How a wrong-type message names the value ("traffic duration"); the key when empty. */
    String what() default "";

    /**
     * Read, written, checked and described by hand in the reader, writer, validator and schema
     * generator (a value with a shape of its own: readiness probes, links, thresholds, env, the
     * hosts mapping). The definition still lists it, so unknown-key checks and docs know it.
     */
    boolean custom() default false;

    /** Not a YAML key at all (where the profile came from, its form): the reader fills it. */
    boolean internal() default false;
}
