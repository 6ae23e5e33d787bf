package io.github.modelbudget.reports;

/**
 * One labelled value in a details section, e.g. "log loss" and "0.0412".
 *
 * @param label what the value is
 * @param value the formatted value
 */
record Fact(String label, String value) {}
