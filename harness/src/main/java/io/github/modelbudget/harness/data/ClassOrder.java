package io.github.modelbudget.harness.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Numbers the classes that data files or folders stand for, by the order the caller gives. */
final class ClassOrder {

  private ClassOrder() {}

  /**
   * Returns the class names in label order: the given order, or the found names sorted ({@link
   * String#compareTo}) when none is given.
   *
   * @param origin the dataset, for messages
   * @param found the classes the data holds (one per file or folder)
   * @param options the given order, and whether a given class may lack data
   * @param what what stands for a class, e.g. {@code "class files"}, for messages
   * @throws InvalidDataException if the data holds a class not given, or (unless allowed) a given
   *     class has no data; the message lists both
   */
  static List<String> of(
      String origin, Collection<String> found, LoadOptions options, String what) {
    List<String> given = options.classes();
    if (given.isEmpty()) {
      return List.copyOf(new TreeSet<>(found));
    }
    List<String> notGiven = new ArrayList<>(new TreeSet<>(found));
    notGiven.removeAll(given);
    List<String> withoutData = new ArrayList<>(given);
    withoutData.removeAll(found);
    boolean missingMatters = !options.classesMayLackData() && !withoutData.isEmpty();
    if (notGiven.isEmpty() && !missingMatters) {
      return given;
    }
    StringBuilder problem =
        new StringBuilder("the classes given are ")
            .append(given)
            .append(" but the ")
            .append(what)
            .append(" are ")
            .append(new TreeSet<>(found));
    if (!notGiven.isEmpty()) {
      problem.append("; not among the classes given: ").append(notGiven);
    }
    if (missingMatters) {
      problem.append("; given but without data: ").append(withoutData);
    }
    throw new InvalidDataException(
        origin, problem.append(" (name every class, in label order)").toString());
  }
}
