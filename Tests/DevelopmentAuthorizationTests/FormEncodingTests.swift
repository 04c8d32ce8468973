import Testing
import TokenVerification

@Suite("application/x-www-form-urlencoded: strict reading, ASCII-only writing")
struct FormEncodingTests {
    @Test func readsEscapesAndPlusAsSpace() throws {
        let form = try FormURLEncoding.decode("a=1+2&b=%C3%A9%2B&c=")
        #expect(form == ["a": "1 2", "b": "é+"])
    }

    @Test(
        "a parameter given twice is refused, even when one value is empty (RFC 6749 §3.1)",
        arguments: [
            "scope=a&scope=b", "scope=&scope=b", "scope=a&scope", "resource=x&%72esource=y",
        ])
    func duplicatesAreRefused(form: String) {
        #expect(throws: FormURLEncoding.Failure.self) { try FormURLEncoding.decode(form) }
    }

    @Test(
        "malformed escapes, bytes that are not UTF-8 and nameless parameters are refused",
        arguments: [
            "a=%", "a=%4", "a=%zz", "a=%FF", "=value",
        ])
    func malformedFormsAreRefused(form: String) {
        #expect(throws: FormURLEncoding.Failure.self) { try FormURLEncoding.decode(form) }
    }

    @Test func encodesEverythingButUnreservedASCII() throws {
        #expect(FormURLEncoding.encode("a b&c=é~_.-") == "a%20b%26c%3D%C3%A9~_.-")
        #expect(try FormURLEncoding.decode("v=" + FormURLEncoding.encode("é ü+&=")) == ["v": "é ü+&="])
    }
}
