/// What one `init(from:)` asked its decoder for.
final class ProbeRecord {
    enum Kind {
        /// A keyed container: the properties decoded, and whether `allKeys` was read (a dictionary).
        case object([ProbedShape.Property], open: Bool)
        /// An unkeyed container: the element decoded, if any.
        case array(ProbedShape?)
        /// A single value.
        case single(ProbedShape)
    }

    var kind: Kind?
    /// Keys `init(from:)` asked `contains` about: decoded only when present, so not required.
    var checkedKeys: Set<String> = []

    /// Records a property; a key decoded twice must have one shape.
    func add(_ property: ProbedShape.Property, at path: String) throws {
        guard case .object(var properties, let open) = kind else {
            kind = .object([property], open: false)
            return
        }
        if let earlier = properties.first(where: { $0.name == property.name }) {
            guard earlier.shape.kind == property.shape.kind else {
                throw SchemaDerivationFailure(
                    "\(path): decoded twice, as \(earlier.shape.kind) and as \(property.shape.kind); declare the schema"
                )
            }
            return
        }
        properties.append(property)
        kind = .object(properties, open: open)
    }
}

/// The decoder ``SchemaProbe`` hands to `init(from:)`.
struct ProbeDecoder: Decoder {
    let probe: SchemaProbe
    let record: ProbeRecord
    let path: String
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if record.kind == nil { record.kind = .object([], open: false) }
        return KeyedDecodingContainer(ProbeKeyedContainer<Key>(probe: probe, record: record, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        ProbeUnkeyedContainer(probe: probe, record: record, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ProbeSingleValueContainer(probe: probe, record: record, path: path)
    }
}

/// Keys: each `decode` records a required property, each `decodeIfPresent` an optional one.
struct ProbeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let probe: SchemaProbe
    let record: ProbeRecord
    let path: String
    var codingPath: [any CodingKey] { [] }

    /// Read only by types with arbitrary keys (dictionaries): the object is then open, and the one stand-in key
    /// handed out (`"0"`, which also reads as an integer key) tells what each member's value is.
    var allKeys: [Key] {
        if case .object(let properties, _) = record.kind { record.kind = .object(properties, open: true) }
        return Key(stringValue: "0").map { [$0] } ?? []
    }

    /// Yes, so the member is decoded and its shape known; but a member asked about first is optional.
    func contains(_ key: Key) -> Bool {
        record.checkedKeys.insert(key.stringValue)
        return true
    }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try property(type, key, required: true)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try property(type, key, required: false)
    }

    private func property<T: Decodable>(_ type: T.Type, _ key: Key, required: Bool) throws -> T {
        let name = key.stringValue
        let (shape, value) = try probe.probe(type, at: path + "." + name)
        let property = ProbedShape.Property(
            name: name, shape: shape, required: required && !record.checkedKeys.contains(name))
        try record.add(property, at: path + "." + name)
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw SchemaDerivationFailure(
            "\(path).\(key.stringValue): nested containers cannot be probed; declare the schema")
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw SchemaDerivationFailure(
            "\(path).\(key.stringValue): nested containers cannot be probed; declare the schema")
    }

    func superDecoder() throws -> any Decoder {
        throw SchemaDerivationFailure("\(path): class inheritance (superDecoder) cannot be probed; declare the schema")
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder() }

    // The primitive requirements, all through the generic path.
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try property(type, key, required: true) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try property(type, key, required: true) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try property(type, key, required: true) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try property(type, key, required: true) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try property(type, key, required: true) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try property(type, key, required: true) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try property(type, key, required: true) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try property(type, key, required: true) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try property(type, key, required: true) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try property(type, key, required: true) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try property(type, key, required: true) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try property(type, key, required: true) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try property(type, key, required: true) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try property(type, key, required: true) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try property(type, key, required: false)
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try property(type, key, required: false)
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try property(type, key, required: false)
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try property(type, key, required: false)
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try property(type, key, required: false) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        try property(type, key, required: false)
    }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        try property(type, key, required: false)
    }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try property(type, key, required: false)
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try property(type, key, required: false)
    }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        try property(type, key, required: false)
    }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        try property(type, key, required: false)
    }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        try property(type, key, required: false)
    }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try property(type, key, required: false)
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try property(type, key, required: false)
    }
}

/// An array: the first element decoded gives the element shape, and then the array is at its end.
struct ProbeUnkeyedContainer: UnkeyedDecodingContainer {
    let probe: SchemaProbe
    let record: ProbeRecord
    let path: String
    var codingPath: [any CodingKey] { [] }
    var count: Int? { nil }
    var isAtEnd: Bool {
        if case .array(let element) = record.kind { return element != nil }
        return false
    }
    var currentIndex: Int { isAtEnd ? 1 : 0 }

    init(probe: SchemaProbe, record: ProbeRecord, path: String) {
        self.probe = probe
        self.record = record
        self.path = path
        record.kind = .array(nil)
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try element(type) }

    private func element<T: Decodable>(_ type: T.Type) throws -> T {
        // An element after the end (isAtEnd said so) means fixed positions, such as a point's [x, y].
        if case .array(let element) = record.kind, element != nil {
            throw SchemaDerivationFailure(
                "\(path): decodes a fixed-position array (elements read without checking isAtEnd); declare the schema")
        }
        let (shape, value) = try probe.probe(type, at: path + "[]")
        record.kind = .array(shape)
        return value
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try element(type) }
    mutating func decode(_ type: String.Type) throws -> String { try element(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try element(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try element(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try element(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try element(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try element(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try element(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try element(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try element(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try element(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try element(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try element(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try element(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw SchemaDerivationFailure("\(path)[]: nested containers cannot be probed; declare the schema")
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw SchemaDerivationFailure("\(path)[]: nested containers cannot be probed; declare the schema")
    }

    mutating func superDecoder() throws -> any Decoder {
        throw SchemaDerivationFailure("\(path)[]: superDecoder cannot be probed; declare the schema")
    }
}

/// A single value: its type's shape.
struct ProbeSingleValueContainer: SingleValueDecodingContainer {
    let probe: SchemaProbe
    let record: ProbeRecord
    let path: String
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decode(type, generic: ()) }

    func decode(_ type: Bool.Type) throws -> Bool { try decode(type, generic: ()) }
    func decode(_ type: String.Type) throws -> String { try decode(type, generic: ()) }
    func decode(_ type: Double.Type) throws -> Double { try decode(type, generic: ()) }
    func decode(_ type: Float.Type) throws -> Float { try decode(type, generic: ()) }
    func decode(_ type: Int.Type) throws -> Int { try decode(type, generic: ()) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decode(type, generic: ()) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decode(type, generic: ()) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decode(type, generic: ()) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decode(type, generic: ()) }
    func decode(_ type: UInt.Type) throws -> UInt { try decode(type, generic: ()) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(type, generic: ()) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(type, generic: ()) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(type, generic: ()) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(type, generic: ()) }

    private func decode<T: Decodable>(_ type: T.Type, generic: Void) throws -> T {
        let (shape, value) = try probe.probe(type, at: path)
        record.kind = .single(shape)
        return value
    }
}
