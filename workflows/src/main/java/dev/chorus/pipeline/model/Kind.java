package dev.chorus.pipeline.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The {@code kind} a step record is written as; the same names as in {@link Step}'s subtypes. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Kind {
  String value();
}
