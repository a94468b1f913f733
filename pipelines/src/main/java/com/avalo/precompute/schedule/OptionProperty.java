package com.avalo.precompute.schedule;

import java.beans.Introspector;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.options.Description;

/**
 * A described Beam option read through its getter: what a schedule may set and what the Flex
 * Template declares as a parameter.
 *
 * @param name the Beam property name ({@code getLateBuckets} -> {@code lateBuckets})
 * @param getter its getter
 */
public record OptionProperty(String name, Method getter) {

  /** The option a getter reads, when it is a described Beam getter. */
  public static Optional<OptionProperty> of(Method method) {
    String name = method.getName();
    if (method.getParameterCount() != 0 || !method.isAnnotationPresent(Description.class)) {
      return Optional.empty();
    }
    String property = name.startsWith("get") && name.length() > 3 ? name.substring(3)
        : name.startsWith("is") && name.length() > 2 ? name.substring(2) : null;
    return property == null ? Optional.empty()
        : Optional.of(new OptionProperty(Introspector.decapitalize(property), method));
  }

  /** The described options {@code type} itself declares (not those it inherits), by name. */
  public static List<OptionProperty> declaredIn(Class<?> type) {
    return java.util.Arrays.stream(type.getDeclaredMethods()).map(OptionProperty::of)
        .flatMap(Optional::stream).sorted(Comparator.comparing(OptionProperty::name)).toList();
  }

  /** Its {@code @Description}. */
  public String description() {
    return getter.getAnnotation(Description.class).value();
  }
}
