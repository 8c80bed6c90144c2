import Crystal
import Foundation

/// What a ``StudyPlanner`` has already worked out, kept between the plans of one process so that
/// a re-plan costs only what changed (docs/workflow.md, stages).
///
/// `adhere run` re-plans after every pass that parses a bulk: the stages cut from the newly
/// relaxed cells appear, every other stage is the same as before. Without this memory each
/// re-plan re-read every interlayer's structure file, re-matched and re-built every interface
/// and re-rendered every input, so a study's planning cost grew as interlayers × passes.
///
/// Every entry is keyed by everything its value is computed from (the cells it is cut from,
/// the name, role and geometry it is built for), so a changed parent gives a new entry, never a
/// stale one. Structure files are keyed by path, size and modification time. The study's
/// settings and its profile are read once per cache: a run uses the ones it started with.
/// Errors are not kept (a failing step fails again when it is asked again).
public final class PlanCache: @unchecked Sendable {
    /// A memo key: what a value is (`kind`) and what it is computed from.
    struct Key: Hashable {
        var kind: String
        var texts: [String] = []
        var cells: [Structure] = []
        var numbers: [Double] = []
    }

    private let lock = NSLock()
    private var values: [Key: Any] = [:]
    private var files: [String: (sizeBytes: Int, modified: Date, structure: Structure)] = [:]

    /// An empty cache.
    public init() {}

    /// The value for `key`, computed by `make` the first time it is asked for.
    func value<Value, Failure: Error>(_ key: Key, _ make: () throws(Failure) -> Value) throws(Failure) -> Value {
        lock.lock()
        if let found = values[key] as? Value { lock.unlock(); return found }
        lock.unlock()
        let made = try make()
        lock.lock(); values[key] = made; lock.unlock()
        return made
    }

    /// The structure in the file at `path`, read again only when its size or modification
    /// time changed.
    func structure<Failure: Error>(atPath path: String, read: () throws(Failure) -> Structure) throws(Failure) -> Structure {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
        let modified = attributes?[.modificationDate] as? Date ?? .distantPast
        lock.lock()
        if let known = files[path], known.sizeBytes == size, known.modified == modified {
            lock.unlock()
            return known.structure
        }
        lock.unlock()
        let structure = try read()
        lock.lock(); files[path] = (size, modified, structure); lock.unlock()
        return structure
    }

    /// How many values are kept (for tests and benchmarks).
    var count: Int { lock.lock(); defer { lock.unlock() }; return values.count }

    /// How many values of one kind are kept, e.g. `"interface"` (for tests).
    func count(ofKind kind: String) -> Int {
        lock.lock(); defer { lock.unlock() }
        return values.keys.filter { $0.kind == kind }.count
    }
}
