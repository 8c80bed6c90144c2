/// The archive's format name and version, written as `format` and `formatVersion` attributes on
/// every group so later versions of Adhere can recognise and read old archives.
public enum ArchiveFormat {
    /// The value of every group's `format` attribute.
    public static let name = "adhere-archive"
    /// The layout version this build writes (and the newest it reads).
    public static let version: Int64 = 1
    /// Group holding one subgroup per calculation.
    public static let calculationsGroup = "calculations"
    /// Group holding one subgroup per interface.
    public static let interfacesGroup = "interfaces"
}
