/// Strict base64url (RFC 4648 §5) without padding, as JWS compact serialization requires (RFC 7515 §2, §C).
///
/// Stricter than most decoders on purpose, so that one token has exactly one encoding:
/// - only `A–Z a–z 0–9 - _` are accepted (no `+`, `/`, `=`, whitespace, or `?`);
/// - a length of 1 mod 4 is impossible and rejected;
/// - the unused low bits of the final character must be zero (RFC 4648 §3.5 "canonical encoding").
public enum Base64URL {
    /// Decodes `input`, or returns `nil` when it is not canonical unpadded base64url.
    ///
    /// ```swift
    /// Base64URL.decode("aGk")  // [0x68, 0x69]
    /// Base64URL.decode("aGl")  // nil: non-zero unused bits
    /// ```
    public static func decode<Bytes: Collection>(_ input: Bytes) -> [UInt8]? where Bytes.Element == UInt8 {
        let count = input.count
        if count % 4 == 1 { return nil }
        var output = [UInt8]()
        output.reserveCapacity(count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in input {
            let value = decodeTable[Int(byte)]
            if value == invalid { return nil }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        // Whatever is left over are the unused bits of the last character; they must be zero.
        if accumulator != 0 { return nil }
        return output
    }

    /// Decodes a `String`, see ``decode(_:)-(Collection)``.
    public static func decode(_ input: String) -> [UInt8]? {
        decode(Array(input.utf8))
    }

    /// Encodes `bytes` as unpadded base64url.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var output = [UInt8]()
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                output.append(alphabet[Int((accumulator >> UInt32(bits)) & 0x3F)])
            }
            accumulator &= (1 << UInt32(bits)) - 1
        }
        if bits > 0 {
            output.append(alphabet[Int((accumulator << UInt32(6 - bits)) & 0x3F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let invalid: UInt8 = 0xFF
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(index)
        }
        return table
    }()
}
