import YAMLSettings

/// A study file that cannot be used: names the file, the line (when known), the key path and
/// what was expected (`study.yaml:12: metal.layers: expected …`). The same type as every other
/// settings file's error.
public typealias StudyError = SettingsError
