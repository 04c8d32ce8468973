import Foundation
import GatehouseJSON

/// Derives the JSON shape of a `Decodable` type by running its `init(from:)` against a decoder that answers every
/// request with a placeholder and records what was asked for: which keys, with `decode` or `decodeIfPresent`, of
/// which types. Works for synthesized conformances and for hand-written ones that decode without validating; a
/// type whose `init(from:)` throws on placeholders is reported, naming it.
final class SchemaProbe {
    /// The types being probed, outermost first (a type inside itself is recursive: refused).
    private var stack: [ObjectIdentifier] = []
    /// The deepest nesting probed.
    static let maximumDepth = 16

    /// The shape of `type` and a placeholder value of it.
    func probe<T: Decodable>(_ type: T.Type, at path: String) throws -> (ProbedShape, T) {
        if let primitive = Self.primitive(type) { return primitive }
        if let enumeration = type as? any SchemaEnumeration.Type {
            return try Self.enumeration(enumeration, as: type, at: path)
        }
        if let optional = type as? any ProbedOptional.Type {
            let (shape, value) = try optional.probeWrapped(self, at: path)
            guard let typed = value as? T else { throw SchemaDerivationFailure("\(path): cannot probe \(T.self)") }
            return (.nullable(shape), typed)
        }
        let identifier = ObjectIdentifier(type)
        guard !stack.contains(identifier) else {
            throw SchemaDerivationFailure(
                "\(path): \(T.self) contains itself; a recursive type has no finite schema: declare it explicitly")
        }
        guard stack.count < Self.maximumDepth else {
            throw SchemaDerivationFailure("\(path): nested deeper than \(Self.maximumDepth) levels")
        }
        stack.append(identifier)
        defer { stack.removeLast() }
        let record = ProbeRecord()
        let value: T
        do {
            value = try T(from: ProbeDecoder(probe: self, record: record, path: path))
        } catch let failure as SchemaDerivationFailure {
            throw failure
        } catch {
            let advice =
                type is any RawRepresentable.Type
                ? "declare it SchemaEnumeration, so its cases can be listed"
                : "give the schema explicitly (tool(_:…input:schema:…))"
            throw SchemaDerivationFailure(
                "\(path): \(T.self).init(from:) refused the placeholder values a schema is derived with (\(error)); "
                    + advice)
        }
        switch record.kind {
        case .object(let properties, let open):
            guard open else { return (.object(type: type, properties: properties), value) }
            return (.map(properties.first?.shape ?? .any), value)
        case .array(let element):
            return (.array(element ?? .any), value)
        case .single(let shape):
            return (shape, value)
        case nil:
            throw SchemaDerivationFailure("\(path): \(T.self) decodes nothing")
        }
    }

    /// Strings, booleans, numbers, and the Foundation types JSON decoding treats as single values.
    private static func primitive<T>(_ type: T.Type) -> (ProbedShape, T)? {
        if let value = "" as? T, type == String.self { return (.string(format: nil), value) }
        if let value = false as? T, type == Bool.self { return (.boolean, value) }
        if let integer = type as? any (FixedWidthInteger & Decodable).Type, integer.bitWidth <= 64,
            let value = integer.zeroValue as? T
        {
            return (.integer(minimum: integer.exactMinimum, maximum: integer.exactMaximum), value)
        }
        if let floating = type as? any (BinaryFloatingPoint & Decodable).Type, let value = floating.zeroValue as? T {
            // A Float cannot hold what is beyond its range (it would decode as infinity, which is refused).
            let limit = type == Float.self ? Double(Float.greatestFiniteMagnitude) : nil
            return (.number(minimum: limit.map { -$0 }, maximum: limit), value)
        }
        // As JSONDecoder (and ArgumentDecoder) read them, not as their own init(from:) would: Data as base64 text,
        // Decimal as a number.
        if type == Data.self, let value = Data() as? T { return (.base64, value) }
        if type == Decimal.self, let value = Decimal(0) as? T { return (.number(minimum: nil, maximum: nil), value) }
        if type == URL.self, let value = URL(string: "https://example.com") as? T {
            return (.string(format: "uri"), value)
        }
        if type == UUID.self, let value = UUID() as? T { return (.string(format: "uuid"), value) }
        return nil
    }

    private static func enumeration<T>(_ enumeration: any SchemaEnumeration.Type, as type: T.Type, at path: String)
        throws -> (ProbedShape, T)
    {
        guard let placeholder = enumeration.placeholder as? T else {
            throw SchemaDerivationFailure("\(path): \(T.self) has no cases")
        }
        guard let cases = enumeration.cases else {
            throw SchemaDerivationFailure("\(path): \(T.self)'s raw values are neither strings nor integers")
        }
        return (.enumeration(cases.values, type: cases.type), placeholder)
    }
}

extension SchemaEnumeration {
    fileprivate static var cases: (values: [JSONValue], type: String)? { schemaCases }
    fileprivate static var placeholder: Any? { schemaPlaceholder }
}

extension FixedWidthInteger {
    fileprivate static var zeroValue: Any { Self.zero }
    /// The type's lower bound: 0 when unsigned, exact for signed types narrower than 64 bits (a 64-bit minimum
    /// is beyond the integers a JSON number holds exactly, so says nothing).
    fileprivate static var exactMinimum: Double? {
        guard !(Self.isSigned && bitWidth >= 64) else { return nil }
        return Double(exactly: Self.min)
    }
    fileprivate static var exactMaximum: Double? {
        bitWidth < 53 ? Double(exactly: Self.max) : nil
    }
}

extension BinaryFloatingPoint {
    fileprivate static var zeroValue: Any { Self.zero }
}

/// `Optional` of a decodable type, decoded as a whole (`decode(T?.self, …)` rather than `decodeIfPresent`).
protocol ProbedOptional {
    static func probeWrapped(_ probe: SchemaProbe, at path: String) throws -> (ProbedShape, Any)
}

extension Optional: ProbedOptional where Wrapped: Decodable {
    static func probeWrapped(_ probe: SchemaProbe, at path: String) throws -> (ProbedShape, Any) {
        let (shape, value) = try probe.probe(Wrapped.self, at: path)
        return (shape, Optional(value) as Any)
    }
}
