// Values are written and read as JSON (``FactValue/json``, version-vector files), so the model's
// users get the one JSON parser and writer with it.
@_exported import CaucusJSON
