package io.aurum.store.jdbc;

import java.util.regex.Pattern;

/** Removes passwords from JDBC URLs and driver messages before they reach a user or a log. */
public final class Redact {
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)(password|passwd|pwd)=[^&;\\s]*");
  private static final Pattern USER_INFO = Pattern.compile("//([^/:@\\s]+):[^@/\\s]*@");

  private Redact() {}

  public static String secrets(String text) {
    if (text == null) {
      return "";
    }
    String s = PASSWORD_PARAM.matcher(text).replaceAll("$1=***");
    return USER_INFO.matcher(s).replaceAll("//$1:***@");
  }
}
