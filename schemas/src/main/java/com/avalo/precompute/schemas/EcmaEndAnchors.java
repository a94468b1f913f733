package com.avalo.precompute.schemas;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * The schemas' patterns read with ECMA-262's {@code $}, as a TypeScript backend's Ajv reads the
 * same files: there {@code $} (without the m flag) is the end of the input only, while in
 * java.util.regex it also matches before a final line terminator, so a hash or a currency code
 * ending in a newline passed the Java validator alone. Every {@code $} outside a character class
 * becomes {@code \z}; the patterns use nothing else whose meaning differs between the two.
 */
final class EcmaEndAnchors implements RegularExpressionFactory {
  static final EcmaEndAnchors INSTANCE = new EcmaEndAnchors();

  private EcmaEndAnchors() {}

  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern = Pattern.compile(javaRegex(regex));
    return value -> pattern.matcher(value).find();
  }

  /** {@code regex} with each end anchor {@code $} outside a character class made {@code \z}. */
  static String javaRegex(String regex) {
    StringBuilder java = new StringBuilder(regex.length() + 4);
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        java.append(c).append(regex.charAt(++i));
      } else if (c == '[' && !inClass) {
        inClass = true;
        java.append(c);
      } else if (c == ']' && inClass) {
        inClass = false;
        java.append(c);
      } else if (c == '$' && !inClass) {
        java.append("\\z");
      } else {
        java.append(c);
      }
    }
    return java.toString();
  }
}
