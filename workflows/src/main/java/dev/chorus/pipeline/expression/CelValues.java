package dev.chorus.pipeline.expression;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.NullValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Between JSON-shaped Java values (as Jackson reads them) and the values CEL computes with. */
final class CelValues {

  private CelValues() {}

  /**
   * CEL's integers are 64-bit and its doubles are doubles; JSON readers give narrower types too.
   */
  static Map<String, Object> toCel(Map<String, Object> variables) {
    Map<String, Object> converted = new LinkedHashMap<>();
    variables.forEach((key, value) -> converted.put(key, toCelValue(value)));
    return converted;
  }

  private static Object toCelValue(Object value) {
    if (value == null) {
      return NullValue.NULL_VALUE;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> converted = new LinkedHashMap<>();
      map.forEach((k, v) -> converted.put(String.valueOf(k), toCelValue(v)));
      return converted;
    }
    if (value instanceof List<?> list) {
      List<Object> converted = new ArrayList<>();
      list.forEach(v -> converted.add(toCelValue(v)));
      return converted;
    }
    return value;
  }

  /**
   * Back to what JSON can carry: timestamps and durations as ISO-8601 text, unsigned integers as
   * numbers. Other CEL values (bytes, types) have no JSON form; they fail the expression here, with
   * its text, rather than the run later, where a task's input cannot be serialised.
   */
  static Object fromCel(Object value, String expression) {
    if (value == null || value instanceof NullValue) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> converted = new LinkedHashMap<>();
      map.forEach((k, v) -> converted.put(String.valueOf(k), fromCel(v, expression)));
      return converted;
    }
    if (value instanceof List<?> list) {
      List<Object> converted = new ArrayList<>();
      list.forEach(v -> converted.add(fromCel(v, expression)));
      return converted;
    }
    if (value instanceof Instant || value instanceof Duration) {
      return value.toString();
    }
    if (value instanceof UnsignedLong unsigned) {
      return unsigned.compareTo(UnsignedLong.valueOf(Long.MAX_VALUE)) <= 0
          ? (Object) unsigned.longValue()
          : unsigned.bigIntegerValue();
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Number) {
      return value;
    }
    throw new ExpressionException(
        expression,
        "gives a value of type " + value.getClass().getSimpleName() + ", which JSON cannot carry");
  }
}
