import FleetformModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One line of the apply journal.
public enum JournalEntry: Hashable, Sendable {
    /// A create is about to be sent: the request, with its idempotency token and what its state
    /// record keeps from the declaration.
    case intent(ResourceRequest)
    /// A resource now exists with these attributes.
    case resource(ResourceState)
    /// A resource (or a deposed object) was deleted.
    case deleted(address: ResourceAddress, id: String)
    /// A create-before-destroy replacement is about to create the new object: the old one is
    /// deposed and must be deleted (its `deleted` entry is the matching result).
    case deposed(ResourceState)
    /// A pool rollout's record after a phase or a change of status.
    case rollout(RolloutRecord)

    /// The request an intent was made for.
    public var request: ResourceRequest? {
        guard case .intent(let request) = self else { return nil }
        return request
    }
}

/// An append-only journal file next to the state: every entry is one JSON line, written and
/// fsynced before the call returns, so a crash loses nothing that finished. Applying N resources
/// appends N small lines instead of rewriting the whole state N times; `JournalReplay` folds
/// the journal back into the state afterwards (or on the next run, after a crash).
///
/// The first line is a header, `{"format_version":2}`; each entry is an object whose `kind` is
/// `intent`, `resource`, `deleted`, `deposed` or `rollout`, resources in the state file's own shape. A
/// reader refuses a version it does not know; version 1 (Fleetform 0.1, no header) still reads.
public actor FileJournal: ApplyJournal {
    /// The journal format this Fleetform writes.
    public static let formatVersion = 2

    public let path: String
    private var fd: Int32 = -1
    /// Bytes appended so far (for the state-write benchmark).
    public private(set) var bytesWritten = 0
    /// Entries appended by this process.
    private var appended = 0
    /// Test hook: the process kills itself (SIGKILL) right after appending this many entries, so
    /// crash tests stop it at a chosen step instead of after a timed delay.
    private let crashAfter: Int?

    /// A journal at `path` (created on the first entry).
    public init(path: String) {
        self.path = path
        crashAfter = ProcessInfo.processInfo.environment["FLEETFORM_TEST_CRASH_AFTER_JOURNAL_ENTRY"].flatMap { Int($0) }
    }

    public func recordIntent(_ request: ResourceRequest) async throws {
        try append(.intent(request))
    }

    public func recordResource(_ resource: ResourceState) async throws { try append(.resource(resource)) }

    public func recordDeletion(_ address: ResourceAddress, id: String) async throws {
        try append(.deleted(address: address, id: id))
    }

    public func recordDeposed(_ resource: ResourceState) async throws { try append(.deposed(resource)) }

    public func recordRollout(_ record: RolloutRecord) async throws { try append(.rollout(record)) }

    /// Appends one entry and flushes it to disk.
    public func append(_ entry: JournalEntry) throws {
        var bytes: [UInt8] = []
        if fd < 0 {
            fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            if fd < 0 {
                throw JournalError(
                    description: "cannot open the apply journal \(path): \(String(cString: strerror(errno)))")
            }
            if lseek(fd, 0, SEEK_END) == 0 { bytes = Self.header }
        }
        bytes += Self.line(entry)
        do {
            try FileSystem.writeAll(fd, bytes, path: path)
        } catch {
            throw JournalError(description: "cannot write the apply journal: \(error.message)")
        }
        if fsync(fd) != 0 {
            throw JournalError(
                description: "cannot flush the apply journal \(path): \(String(cString: strerror(errno)))")
        }
        bytesWritten += bytes.count
        appended += 1
        if appended == crashAfter { kill(getpid(), SIGKILL) }
    }

    /// Closes the file.
    public func close() {
        if fd >= 0 { _ = closeDescriptor(fd) }
        fd = -1
    }

    /// The first line of every journal.
    static let header = Array("{\"format_version\":\(formatVersion)}\n".utf8)

    /// One entry as the journal stores it: a JSON object on one line, keys sorted.
    static func line(_ entry: JournalEntry) -> [UInt8] {
        var writer = JSONWriter(indent: nil)
        writer.beginObject()
        func field(_ key: String, _ value: AttributeValue) {
            writer.key(key, level: 0)
            writer.write(value, level: 1)
        }
        func resource(_ key: String, _ resource: ResourceState) {
            writer.key(key, level: 0)
            StateFile.write(resource, to: &writer, level: 1)
        }
        switch entry {
        case .intent(let request):
            let fields: [(String, AttributeValue?)] =
                [
                    ("address", .string(request.address.description)), ("attributes", .map(request.attributes)),
                    ("kind", "intent"), ("provider", StoredValue.provider(request.provider)),
                    ("tags", .map(request.ownershipTags.mapValues { .string($0) })),
                    ("token", .string(request.idempotencyToken)),
                ] + StoredValue.declared(request.declared)
            for case (let key, let value?) in fields.sorted(by: { $0.0 < $1.0 }) { field(key, value) }
        case .resource(let state):
            field("kind", "resource")
            resource("resource", state)
        case .deleted(let address, let id):
            field("address", .string(address.description))
            field("id", .string(id))
            field("kind", "deleted")
        case .deposed(let state):
            field("kind", "deposed")
            resource("resource", state)
        case .rollout(let record):
            field("kind", "rollout")
            field("rollout", StoredValue.rolloutRecord(record))
        }
        writer.endObject(level: 0)
        return writer.bytes + [UInt8(ascii: "\n")]
    }

    /// Reads one entry of a version-2 journal.
    static func entry(_ line: some Collection<UInt8>, path: String, line number: Int) throws(FileFormatError)
        -> JournalEntry
    {
        var document = try StoredDocument.parse(line, kind: .journal, file: path)
        document = StoredDocument(kind: .journal, file: path, path: "line \(number)", fields: document.fields)
        switch try document.string("kind") {
        case "intent":
            let tags = try document.map("tags")
            return .intent(
                ResourceRequest(
                    address: try document.address("address"), provider: try document.provider("provider"),
                    attributes: try document.map("attributes"), ownershipTags: tags.compactMapValues(\.stringValue),
                    idempotencyToken: try document.string("token"), declared: try document.declared()))
        case "resource": return .resource(try StateFile.resource(try document.object("resource")))
        case "deleted": return .deleted(address: try document.address("address"), id: try document.string("id"))
        case "deposed": return .deposed(try StateFile.resource(try document.object("resource")))
        case "rollout": return .rollout(try document.object("rollout").rolloutRecord())
        default: throw document.invalid("kind", "intent, resource, deleted, deposed or rollout")
        }
    }

    /// Replaces the journal at `path` with `entries`, atomically (nothing when empty: the
    /// journal is removed).
    static func replace(path: String, with entries: [JournalEntry]) throws {
        guard !entries.isEmpty else {
            try? FileManager.default.removeItem(atPath: path)
            return
        }
        do {
            try FileSystem.writeAtomically(header + entries.flatMap(line), to: path)
        } catch {
            throw JournalError(description: "cannot write the apply journal \(path): \(error)")
        }
    }

    /// The entries in the journal at `path` (empty when there is none). A torn last line — the
    /// process died mid-write — is ignored; corruption anywhere else is an error.
    public static func read(path: String) throws -> [JournalEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try entries(in: Array(data), path: path)
    }

    /// The entries of a journal's bytes (`path` names it in errors), read as `read(path:)` does.
    public static func entries(in data: [UInt8], path: String) throws -> [JournalEntry] {
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)[...]
        var entries: [JournalEntry] = []
        var version = 1  // Fleetform 0.1 wrote no header.
        if let first = lines.first, case .map(let header)? = try? JSONReader.parse(first), header.count == 1,
            let found = header["format_version"]?.intValue
        {
            guard found == 1 || found == formatVersion else {
                throw JournalError(
                    description: "the apply journal \(path) has format_version \(found); this Fleetform reads "
                        + "versions 1 and \(formatVersion): finish the interrupted apply with the Fleetform that started it "
                        + "(or a newer one), or move the journal aside and run 'fleetform refresh'")
            }
            version = found
            lines = lines.dropFirst()
        }
        for (index, line) in zip(lines.indices, lines) {
            do {
                entries.append(
                    version == 1
                        ? try LegacyJournalEntry.decode(line)
                        : try entry(line, path: path, line: index + 1))
            } catch {
                if index == lines.indices.last, data.last != UInt8(ascii: "\n") { break }
                throw JournalError(
                    description:
                        "the apply journal \(path) is corrupt at line \(index + 1); move it aside and run 'fleetform refresh' to rebuild state from the cloud"
                )
            }
        }
        return entries
    }
}

/// A journal that cannot be read or written.
public struct JournalError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Folds journal entries into a state.
public enum JournalReplay {
    /// The state with every entry applied, and the intents that have no result: creates that
    /// may or may not have happened, to be looked up in the cloud before planning. A deposed
    /// object whose delete was not recorded stays in `state.deposed`, for the next apply to delete.
    public static func apply(_ entries: [JournalEntry], to state: State) -> (state: State, pending: [ResourceRequest]) {
        var state = state
        var pending: [ResourceAddress: ResourceRequest] = [:]
        for entry in entries {
            switch entry {
            case .intent:
                if let request = entry.request { pending[request.address] = request }
            case .resource(let resource):
                state.resources[resource.address] = resource
                pending[resource.address] = nil
            case .deleted(let address, let id):
                if state.resources[address]?.id == id { state.resources[address] = nil }
                state.deposed.removeAll { $0.address == address && $0.id == id }
            case .deposed(let resource):
                if !state.deposed.contains(where: { $0.address == resource.address && $0.id == resource.id }) {
                    state.deposed.append(resource)
                }
            case .rollout(let record):
                state.rollouts[record.group] = record
                // A finished rollout's green took the pool's addresses.
                if record.status == .completed {
                    for resource in record.green { state.resources[resource.address] = resource }
                }
            }
        }
        // A replacement whose create never happened left its old object in place: not deposed.
        state.deposed.removeAll { state.resources[$0.address]?.id == $0.id }
        return (state, pending.values.sorted { $0.address < $1.address })
    }
}

/// The C library's `close`, named apart from `FileJournal.close()` so one spelling compiles
/// with Glibc and Darwin alike.
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }

/// Journal lines as Fleetform 0.1 wrote them (the synthesized `Codable` form), read so an apply
/// interrupted under 0.1 still recovers.
private enum LegacyJournalEntry: Decodable {
    case intent(
        address: ResourceAddress, provider: ProviderConfig, token: String, attributes: [String: AttributeValue],
        tags: [String: String])
    case resource(ResourceState)
    case deleted(address: ResourceAddress, id: String)
    case deposed(ResourceState)

    static func decode(_ line: some Collection<UInt8>) throws -> JournalEntry {
        switch try JSONDecoder().decode(LegacyJournalEntry.self, from: Data(line)) {
        case .intent(let address, let provider, let token, let attributes, let tags):
            return .intent(
                ResourceRequest(
                    address: address, provider: provider, attributes: attributes, ownershipTags: tags,
                    idempotencyToken: token))
        case .resource(let state): return .resource(state)
        case .deleted(let address, let id): return .deleted(address: address, id: id)
        case .deposed(let state): return .deposed(state)
        }
    }
}
