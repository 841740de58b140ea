namespace WitSharp.Toml.Tests;

/// <summary>Every rule violation is a TomlException at the offending line and column with a specific message.</summary>
public sealed class ErrorTests
{
    [Theory]
    // strings
    [InlineData("s = \"abc", 1, 9, "unterminated string")]
    [InlineData("s = 'abc\nt = 1", 1, 9, "unterminated literal string")]
    [InlineData("s = \"\"\"abc\n", 2, 1, "unterminated multi-line string")]
    [InlineData("s = '''abc", 1, 11, "unterminated multi-line literal string")]
    [InlineData("s = \"bad \\q escape\"", 1, 10, "invalid escape sequence '\\q'")]
    [InlineData("s = \"\\uD800\"", 1, 6, "U+D800 is not a Unicode scalar value")]
    [InlineData("s = \"\\U00110000\"", 1, 6, "U+110000 is not a Unicode scalar value")]
    [InlineData("s = \"\\u12\"", 1, 6, "'\\u' needs exactly 4 hexadecimal digits")]
    [InlineData("s = \"ctrl \u0001\"", 1, 11, "control character U+0001 is not allowed in a basic string")]
    [InlineData("s = 'del \u007f'", 1, 10, "control character U+007F is not allowed in a literal string")]
    [InlineData("s = \"\"\"a\rb\"\"\"", 1, 9, "a carriage return must be followed by a line feed")]
    [InlineData("s = \"\"\"six\"\"\"\"\"\"", 1, 16, "at most five")]
    [InlineData("s = \"\"\"\\ x\"\"\"", 1, 8, "invalid escape sequence '\\ '")]
    // integers
    [InlineData("a = 01", 1, 5, "leading zeros are not allowed")]
    [InlineData("a = 1__0", 1, 5, "an underscore must be between two digits")]
    [InlineData("a = _1", 1, 5, "an underscore must be between two digits")]
    [InlineData("a = 1_", 1, 5, "an underscore must be between two digits")]
    [InlineData("a = 0x_1", 1, 5, "an underscore must be between two digits")]
    [InlineData("a = +0x1", 1, 5, "a hexadecimal integer cannot have a sign")]
    [InlineData("a = -0b1", 1, 5, "a binary integer cannot have a sign")]
    [InlineData("a = 0X1", 1, 5, "unexpected 'X'")]
    [InlineData("a = 0o8", 1, 5, "'8' is not a base-8 digit")]
    [InlineData("a = 9223372036854775808", 1, 5, "out of the 64-bit signed range")]
    [InlineData("a = -9223372036854775809", 1, 5, "out of the 64-bit signed range")]
    [InlineData("a = 0x8000000000000000", 1, 5, "out of the 64-bit signed range")]
    // floats
    [InlineData("a = 1.", 1, 5, "expected digits after the decimal point")]
    [InlineData("a = .5", 1, 5, "expected a digit before '.'")]
    [InlineData("a = 1e", 1, 5, "expected digits in the exponent")]
    [InlineData("a = 1.e5", 1, 5, "expected digits after the decimal point")]
    [InlineData("a = 03.5", 1, 5, "leading zeros are not allowed")]
    [InlineData("a = 1.5_", 1, 5, "an underscore must be between two digits")]
    [InlineData("a = Inf", 1, 5, "unexpected 'I'")]
    [InlineData("a = nan_", 1, 5, "unexpected 'n'")]
    // booleans and bare words
    [InlineData("a = True", 1, 5, "unexpected 'T'")]
    [InlineData("a = tru", 1, 5, "booleans are lowercase")]
    [InlineData("a = yes", 1, 5, "strings need quotes")]
    // dates and times
    [InlineData("a = 1979-13-01", 1, 5, "month 13 is not between 1 and 12")]
    [InlineData("a = 1979-02-29", 1, 5, "1979-02 has no day 29")]
    [InlineData("a = 1979-01-01T25:00:00", 1, 16, "invalid time 25:00:00")]
    [InlineData("a = 1979-01-01T07:32", 1, 21, "seconds are required")]
    [InlineData("a = 1979-01-01T07:32:00+24:00", 1, 25, "invalid UTC offset 24:00")]
    [InlineData("a = 1979-01-01T", 1, 16, "expected a time")]
    [InlineData("a = 1979-1-01", 1, 10, "expected 2 digits for the month")]
    [InlineData("a = 07:32:00.", 1, 14, "expected digits after the decimal point of the seconds")]
    [InlineData("a = 07:32:00Z", 1, 13, "unexpected 'Z' after the value")]
    // arrays
    [InlineData("a = [1 2]", 1, 8, "expected ',' or ']' after an array element")]
    [InlineData("a = [1,,2]", 1, 8, "expected a value between commas")]
    [InlineData("a = [,]", 1, 6, "found ','")]
    [InlineData("a = [1", 1, 7, "unterminated array")]
    // inline tables
    [InlineData("a = {x = 1,}", 1, 12, "trailing comma in an inline table is not allowed")]
    [InlineData("a = {x = 1", 1, 11, "unterminated inline table")]
    [InlineData("a = {x = 1\n}", 1, 11, "line breaks are not allowed inside an inline table")]
    [InlineData("a = {x = 1 y = 2}", 1, 12, "expected ',' or '}'")]
    [InlineData("a = { x.y = 1, x = 2 }", 1, 16, "duplicate key 'x'")]
    [InlineData("a = { b = {c = 1}, b.d = 2 }", 1, 20, "inline tables are closed")]
    // keys and statements
    [InlineData("a = 1 b = 2", 1, 7, "expected a line break after a key/value pair")]
    [InlineData("a =", 1, 4, "expected a value after 'a ='")]
    [InlineData("= 1", 1, 1, "expected a key")]
    [InlineData("a b = 1", 1, 3, "expected '=' after the key 'a'")]
    [InlineData("\"\"\"k\"\"\" = 1", 1, 1, "a multi-line string cannot be used as a key")]
    [InlineData("k\u00e9 = 1", 1, 2, "expected '=' after the key 'k'")]
    [InlineData("x = 1 # del \u007f", 1, 13, "control character U+007F is not allowed in a comment")]
    [InlineData("x = 1\rnext = 2", 1, 6, "a carriage return must be followed by a line feed")]
    [InlineData("[a\nb = 1", 1, 3, "expected ']' to close the table header")]
    [InlineData("[[a]\n", 1, 4, "expected ']]'")]
    [InlineData("[[a]]]", 1, 6, "expected a line break after an array-of-tables header")]
    // redefinition rules
    [InlineData("a = 1\na = 2", 2, 1, "duplicate key 'a' (first defined at cfg.toml:1:1)")]
    [InlineData("[a]\n[a]", 2, 1, "table [a] is defined twice (first at cfg.toml:1:1)")]
    [InlineData("[a.b]\n[a]\n[a]", 3, 1, "table [a] is defined twice")]
    [InlineData("[a]\nb = 1\n[a.b]", 3, 1, "the key already holds an integer (at cfg.toml:2:5)")]
    [InlineData("a.b = 1\n[a]", 2, 1, "table [a] was already defined by dotted keys")]
    [InlineData("[x]\na.b = 1\n[x.a]", 3, 1, "table [x.a] was already defined by dotted keys")]
    [InlineData("a = {}\n[a.b]", 2, 1, "it is an inline table (defined at cfg.toml:1:5) and inline tables are closed")]
    [InlineData("a = {}\n[a]", 2, 1, "table [a] was already defined as an inline table")]
    [InlineData("a = {b = 1}\na.c = 2", 2, 1, "inline tables are closed")]
    [InlineData("a = [1]\n[[a]]", 2, 1, "'a' is a static array")]
    [InlineData("a = [{}]\n[a.b]", 2, 1, "it is a static array")]
    [InlineData("[a]\n[[a]]", 2, 1, "'a' is already a table")]
    [InlineData("[[a]]\n[a]", 2, 1, "use [[a]] to add an element")]
    [InlineData("a.b = 1\na.b.c = 2", 2, 3, "cannot use 'a.b' as a table: it already holds an integer")]
    [InlineData("[a.b.c]\nz = 1\n[a]\nb.c.t = 2", 4, 3, "cannot add keys to table 'b.c' with dotted keys")]
    public void RejectsWithPosition(string toml, int line, int column, string reason)
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse(toml, "cfg.toml"));
        Assert.Contains(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal("cfg.toml", error.SourcePath);
        Assert.StartsWith($"cfg.toml:{line}:{column}: ", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x20, 0x3D, 0x20, 0x27, 0xC3, 0x28, 0x27 }, 1, 6)]
    [InlineData(new byte[] { 0x0A, 0x23, 0x20, 0xED, 0xA0, 0x80 }, 2, 3)]
    [InlineData(new byte[] { 0x61, 0x3D, 0x27, 0xF0, 0x9F, 0x98, 0x80, 0xFF, 0x27 }, 1, 6)]
    [InlineData(new byte[] { 0x61, 0x3D, 0x27, 0xC0, 0x80, 0x27 }, 1, 4)]
    public void InvalidUtf8IsRejectedWithPosition(byte[] bytes, int line, int column)
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse(bytes, "bad.toml"));
        Assert.Contains("invalid UTF-8", error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void DeepNestingIsAnErrorNotACrash()
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse("a = " + new string('[', 100_000)));
        Assert.Equal((1, 261), (error.Line, error.Column));
        Assert.Contains("nested more than 256 levels", error.Reason);
        Assert.Equal(256, Depth(TomlDocument.Parse("a = " + new string('[', 256) + new string(']', 256)).Root["a"]));
    }

    private static int Depth(TomlValue value) => value is TomlArray { Count: > 0 } array ? 1 + Depth(array[0]) : 1;

    [Fact]
    public void ByteOrderMarkIsOnlyAllowedAtTheStart()
    {
        var error = Assert.Throws<TomlException>(() => TomlDocument.Parse("a = 1\n\uFEFFb = 2"));
        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Contains("U+FEFF", error.Reason);
    }
}
