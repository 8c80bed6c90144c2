internal import CHDF5

/// How to open an existing HDF5 file.
public enum HDF5AccessMode: Sendable {
    case readOnly
    case readWrite
}

/// An open HDF5 file. Its root group is `root`; attributes on the root are the file's
/// attributes (h5py's `f.attrs`). Closed when released or by `close()`.
public final class HDF5File {
    /// The file's path on disk.
    public let path: String
    /// The root group "/".
    public let root: HDF5Group
    private var id: hid_t

    private init(id: hid_t, path: String) throws(HDF5Error) {
        self.id = id
        self.path = path
        let g = try checked(H5Gopen2(id, "/", chdf5_p_default()), "open root group", path)
        self.root = HDF5Group(id: g, path: "/")
    }

    deinit {
        root.close()
        if id >= 0 { _ = H5Fclose(id) }
    }

    /// Creates a new file. Fails when it exists, unless `overwrite` is true. `userBlockBytes`
    /// (0, or a power of two ≥ 512) are reserved at the start for the caller; HDF5 never reads them.
    public static func create(at path: String, overwrite: Bool = false, userBlockBytes: Int = 0) throws(HDF5Error) -> HDF5File {
        silenceHDF5()
        let flags = overwrite ? chdf5_f_acc_trunc() : chdf5_f_acc_excl()
        // The 1.8+ file format: superblock, object headers and group indexes carry checksums, so
        // a damaged archive fails HDF5's own checks on open instead of feeding the decoder
        // garbage (docs/input-limits.md). h5py and HDF5 ≥ 1.8 read it.
        let access = try checked(H5Pcreate(chdf5_p_file_access()), "create file", path)
        defer { _ = H5Pclose(access) }
        try checked(status: H5Pset_libver_bounds(access, H5F_LIBVER_V18, chdf5_f_libver_latest()), "create file", path)
        let creation = try checked(H5Pcreate(chdf5_p_file_create()), "create file", path)
        defer { _ = H5Pclose(creation) }
        if userBlockBytes > 0 {
            try checked(status: H5Pset_userblock(creation, hsize_t(userBlockBytes)), "create file", path)
        }
        let f = try checked(H5Fcreate(path, flags, creation, access), "create file", path)
        return try HDF5File(id: f, path: path)
    }

    /// Opens an existing file.
    public static func open(at path: String, mode: HDF5AccessMode = .readOnly) throws(HDF5Error) -> HDF5File {
        silenceHDF5()
        let flags = mode == .readOnly ? chdf5_f_acc_rdonly() : chdf5_f_acc_rdwr()
        let f = try checked(H5Fopen(path, flags, chdf5_p_default()), "open file", path)
        return try HDF5File(id: f, path: path)
    }

    /// True when the file at `path` has an HDF5 signature.
    public static func isHDF5(at path: String) -> Bool {
        silenceHDF5()
        let result = H5Fis_hdf5(path)
        _ = takeErrorStack()
        return result > 0
    }

    /// Writes buffered data to the file (the operating system may still hold it in cache).
    public func flush() throws(HDF5Error) {
        silenceHDF5()
        guard id >= 0 else { throw HDF5Error(operation: "flush", object: path, reason: "the file was closed") }
        try checked(status: H5Fflush(id, H5F_SCOPE_GLOBAL), "flush", path)
    }

    /// Number of objects (groups, datasets, attributes) of this file still open, the file
    /// itself included.
    public func openObjectCount() -> Int {
        id < 0 ? 0 : Int(H5Fget_obj_count(id, chdf5_f_obj_all()))
    }

    /// Closes the root group and the file. Objects opened from it and still alive keep the
    /// file open until they are released; close them first when the file must be complete on
    /// disk. Idempotent.
    public func close() throws(HDF5Error) {
        silenceHDF5()
        root.close()
        guard id >= 0 else { return }
        let status = H5Fclose(id)
        id = -1
        try checked(status: status, "close file", path)
    }
}
