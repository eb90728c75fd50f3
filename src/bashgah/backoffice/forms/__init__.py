"""Forms of the staff pages: they parse what staff type (any digit script, amounts in the
currency as displayed, dates in either calendar); the services validate."""
