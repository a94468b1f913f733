package com.avalo.precompute.seed;

import java.util.List;

/**
 * A city users cluster around.
 *
 * @param name display name written to {@code users.city}
 * @param lat latitude of the centre
 * @param lng longitude of the centre
 * @param weight relative size of the user base (roughly metro population in millions, bent
 *     toward the app's markets)
 * @param scatterKm standard deviation of home locations around the centre
 * @param currency what users there pay in
 * @param utcOffsetHours standard-time offset; shapes when people open the app (no DST: the
 *     evening peak only needs to land in roughly the right UTC hours)
 */
record City(String name, double lat, double lng, double weight, double scatterKm,
    String currency, int utcOffsetHours) {

  /** New York and London are dense on purpose: popularity tails need a big pool. */
  static final List<City> ALL = List.of(
      new City("New York", 40.7128, -74.0060, 20.0, 7.0, "USD", -5),
      new City("London", 51.5074, -0.1278, 14.0, 7.0, "GBP", 0),
      new City("Los Angeles", 34.0522, -118.2437, 6.0, 9.0, "USD", -8),
      new City("Chicago", 41.8781, -87.6298, 4.0, 6.0, "USD", -6),
      new City("Berlin", 52.5200, 13.4050, 4.0, 5.0, "EUR", 1),
      new City("Warsaw", 52.2297, 21.0122, 4.0, 4.0, "PLN", 1),
      new City("Paris", 48.8566, 2.3522, 4.0, 4.0, "EUR", 1),
      new City("Houston", 29.7604, -95.3698, 3.0, 8.0, "USD", -6),
      new City("Toronto", 43.6532, -79.3832, 3.0, 6.0, "USD", -5),
      new City("Madrid", 40.4168, -3.7038, 3.0, 4.0, "EUR", 1),
      new City("Sydney", -33.8688, 151.2093, 3.0, 8.0, "USD", 10),
      new City("Miami", 25.7617, -80.1918, 2.5, 6.0, "USD", -5),
      new City("Kraków", 50.0647, 19.9450, 2.0, 3.0, "PLN", 1),
      new City("Austin", 30.2672, -97.7431, 2.0, 5.0, "USD", -6),
      new City("Amsterdam", 52.3676, 4.9041, 2.0, 3.0, "EUR", 1),
      new City("Rome", 41.9028, 12.4964, 2.0, 5.0, "EUR", 1),
      new City("Barcelona", 41.3874, 2.1686, 1.5, 4.0, "EUR", 1),
      new City("Dublin", 53.3498, -6.2603, 1.5, 3.0, "EUR", 0),
      new City("Manchester", 53.4808, -2.2426, 1.5, 4.0, "GBP", 0),
      new City("San Francisco", 37.7749, -122.4194, 2.0, 5.0, "USD", -8));
}
