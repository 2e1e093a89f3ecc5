package dev.chorus.definition;

import java.math.BigInteger;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Jackson's reading errors in the API's words: Jackson names the Java type it could not build
 * ({@code java.util.LinkedHashMap<java.lang.String,java.lang.Object>}), a caller needs to hear what
 * JSON value was expected there.
 */
public final class BindingProblems {

  private static final int QUOTED = 40;
  private static final Set<Class<?>> WHOLE =
      Set.of(
          Integer.class,
          int.class,
          Long.class,
          long.class,
          Short.class,
          short.class,
          Byte.class,
          byte.class,
          BigInteger.class);

  private BindingProblems() {}

  /** What is wrong with the value at the error's {@link JacksonException#getPath() path}. */
  public static String problem(JacksonException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "is not a field of this request";
    }
    if (e instanceof InvalidFormatException invalid) {
      return expected(invalid.getTargetType()) + " but was " + quoted(invalid.getValue());
    }
    if (e instanceof MismatchedInputException mismatched) {
      return expected(mismatched.getTargetType());
    }
    if (e instanceof ValueInstantiationException && e.getCause() != null) {
      // The records' own checks, which speak the domain already.
      return "is not accepted: " + e.getCause().getMessage();
    }
    if (e instanceof InputCoercionException) {
      return "is a number out of range for this field";
    }
    if (e instanceof DatabindException) {
      return "cannot be read";
    }
    return "is not valid JSON: " + e.getOriginalMessage();
  }

  /**
   * The names on the error's path, dotted ({@code input.count}); empty for the whole body, and for
   * broken JSON text, which is the body's fault wherever the parser noticed it.
   */
  public static String field(JacksonException e) {
    if (e instanceof StreamReadException && !(e instanceof InputCoercionException)) {
      return "";
    }
    StringBuilder field = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.toString();
  }

  /** The error's path as a JSON pointer ({@code /steps/0/retry}); empty for the whole document. */
  static String pointer(JacksonException e) {
    StringBuilder pointer = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      pointer
          .append('/')
          .append(
              reference.getPropertyName() != null
                  ? reference.getPropertyName().replace("~", "~0").replace("/", "~1")
                  : String.valueOf(reference.getIndex()));
    }
    return pointer.toString();
  }

  /** "must be …": the JSON value a Java type is read from. */
  public static String expected(Class<?> type) {
    if (type == null) {
      return "has the wrong type";
    }
    if (type == String.class || type == char.class || type == Character.class) {
      return "must be a string";
    }
    if (WHOLE.contains(type)) {
      return "must be a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "must be a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "must be true or false";
    }
    if (type == Duration.class) {
      return "must be a duration such as PT30S";
    }
    if (Temporal.class.isAssignableFrom(type)) {
      return "must be a time such as 2026-01-01T00:00:00Z";
    }
    if (type.isEnum()) {
      return "must be one of the documented values";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "must be an array";
    }
    if (Map.class.isAssignableFrom(type) || !type.isPrimitive()) {
      return "must be an object";
    }
    return "has the wrong type";
  }

  private static String quoted(Object value) {
    String text = String.valueOf(value);
    return "'" + (text.length() > QUOTED ? text.substring(0, QUOTED) + "…" : text) + "'";
  }
}
