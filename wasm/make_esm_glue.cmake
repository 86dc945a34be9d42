# Turns the CommonJS glue into an ES module for browsers by exporting its factory.
file(READ "${GLUE}" glue)
file(WRITE "${OUT}" "${glue}\nexport default createDaneelModule;\n")
