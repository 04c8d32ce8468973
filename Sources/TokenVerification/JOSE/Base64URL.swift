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
        if let result = input.withContiguousStorageIfAvailable({ decode(buffer: $0) }) { return result }
        return Array(input).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    private static func decode(buffer input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = input.count
        let remainder = count % 4
        if remainder == 1 { return nil }
        let outputCount = count / 4 * 3 + (remainder == 0 ? 0 : remainder - 1)
        var valid = true
        let output = decodeTable.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: outputCount) { out, initialized in
                var inIndex = 0
                var outIndex = 0
                // Whole quanta: four characters to three bytes.
                while inIndex + 4 <= count {
                    let a = table[Int(input[inIndex])]
                    let b = table[Int(input[inIndex + 1])]
                    let c = table[Int(input[inIndex + 2])]
                    let d = table[Int(input[inIndex + 3])]
                    if (a | b | c | d) & 0xC0 != 0 {
                        valid = false
                        break
                    }
                    let quantum = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    out[outIndex] = UInt8(truncatingIfNeeded: quantum >> 16)
                    out[outIndex + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                    out[outIndex + 2] = UInt8(truncatingIfNeeded: quantum)
                    inIndex += 4
                    outIndex += 3
                }
                // The final partial quantum; its unused low bits must be zero (RFC 4648 §3.5).
                if valid && remainder >= 2 {
                    let a = table[Int(input[inIndex])]
                    let b = table[Int(input[inIndex + 1])]
                    let c = remainder == 3 ? table[Int(input[inIndex + 2])] : 0
                    if (a | b | c) & 0xC0 != 0 {
                        valid = false
                    } else if remainder == 2 {
                        valid = b & 0x0F == 0
                        out[outIndex] = a << 2 | b >> 4
                        outIndex += 1
                    } else {
                        valid = c & 0x03 == 0
                        out[outIndex] = a << 2 | b >> 4
                        out[outIndex + 1] = b << 4 | c >> 2
                        outIndex += 2
                    }
                }
                initialized = valid ? outIndex : 0
            }
        }
        return valid ? output : nil
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
