namespace WitSharp.Toml.Tests;

/// <summary>Each TOML 1.0 value form decodes to the right value (own cases, written from the spec's rules).</summary>
public sealed class ValueParsingTests
{
    private static TomlValue Value(string tomlValue) => TomlDocument.Parse("v = " + tomlValue).Root["v"];

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"tab\\there\"", "tab\there")]
    [InlineData("\"\\b\\t\\n\\f\\r\\\"\\\\\"", "\b\t\n\f\r\"\\")]
    [InlineData("\"\\u00e9\\U0001F600\"", "é😀")]
    [InlineData("\"raw tab\tok\"", "raw tab\tok")]
    [InlineData("'C:\\path\\no escapes'", "C:\\path\\no escapes")]
    [InlineData("''", "")]
    [InlineData("\"\"\"\nfirst newline trimmed\"\"\"", "first newline trimmed")]
    [InlineData("\"\"\"\r\ncrlf trimmed too\"\"\"", "crlf trimmed too")]
    [InlineData("\"\"\"one \\\n      two \\\r\n\n   three\"\"\"", "one two three")]
    [InlineData("\"\"\"trailing space after backslash \\   \n  ok\"\"\"", "trailing space after backslash ok")]
    [InlineData("\"\"\"keeps\nline\r\nbreaks\"\"\"", "keeps\nline\r\nbreaks")]
    [InlineData("\"\"\"two quotes at the end\"\"\"\"\"", "two quotes at the end\"\"")]
    [InlineData("\"\"\"a \"\" b\"\"\"", "a \"\" b")]
    [InlineData("'''\nliteral \\n stays\n'''", "literal \\n stays\n")]
    [InlineData("''''one quote inside''''", "'one quote inside'")]
    public void Strings(string toml, string expected) => Assert.Equal(expected, Value(toml).AsString());

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("+17", 17L)]
    [InlineData("-17", -17L)]
    [InlineData("-0", 0L)]
    [InlineData("1_000_000", 1000000L)]
    [InlineData("0xDEAD_beef", 0xDEADBEEFL)]
    [InlineData("0o755", 493L)]
    [InlineData("0b1101_0110", 214L)]
    [InlineData("0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Integers(string toml, long expected)
    {
        var value = Value(toml);
        Assert.IsType<TomlInteger>(value);
        Assert.Equal(expected, value.AsInteger());
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-0.25", -0.25)]
    [InlineData("+3.0", 3.0)]
    [InlineData("6e2", 600.0)]
    [InlineData("6E-2", 0.06)]
    [InlineData("1e06", 1e6)]
    [InlineData("2.5e+3", 2500.0)]
    [InlineData("9_224_617.445_991", 9224617.445991)]
    [InlineData("1e1_0", 1e10)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("+inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    public void Floats(string toml, double expected)
    {
        var value = Value(toml);
        Assert.IsType<TomlFloat>(value);
        Assert.Equal(expected, value.AsFloat());
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("+nan")]
    [InlineData("-nan")]
    public void NotANumber(string toml) => Assert.True(double.IsNaN(Value(toml).AsFloat()));

    [Fact]
    public void NegativeZeroFloatKeepsItsSign() =>
        Assert.True(double.IsNegative(Value("-0.0").AsFloat()));

    [Fact]
    public void Booleans()
    {
        Assert.True(Value("true").AsBoolean());
        Assert.False(Value("false").AsBoolean());
    }

    [Theory]
    [InlineData("1979-05-27T07:32:00Z", TomlDateTimeKind.OffsetDateTime, "1979-05-27T07:32:00.0000000", 0)]
    [InlineData("1979-05-27t07:32:00z", TomlDateTimeKind.OffsetDateTime, "1979-05-27T07:32:00.0000000", 0)]
    [InlineData("1979-05-27 07:32:00-07:30", TomlDateTimeKind.OffsetDateTime, "1979-05-27T07:32:00.0000000", -450)]
    [InlineData("1979-05-27T00:32:00.999999+01:00", TomlDateTimeKind.OffsetDateTime, "1979-05-27T00:32:00.9999990", 60)]
    [InlineData("1979-05-27T07:32:00", TomlDateTimeKind.LocalDateTime, "1979-05-27T07:32:00.0000000", null)]
    [InlineData("1979-05-27T07:32:00.123456789", TomlDateTimeKind.LocalDateTime, "1979-05-27T07:32:00.1234567", null)]
    [InlineData("2024-02-29", TomlDateTimeKind.LocalDate, "2024-02-29T00:00:00.0000000", null)]
    [InlineData("07:32:00", TomlDateTimeKind.LocalTime, "0001-01-01T07:32:00.0000000", null)]
    [InlineData("23:59:59.5", TomlDateTimeKind.LocalTime, "0001-01-01T23:59:59.5000000", null)]
    public void DateTimes(string toml, TomlDateTimeKind kind, string expected, int? offsetMinutes)
    {
        var value = Value(toml).AsDateTime();
        Assert.Equal(kind, value.DateTimeKind);
        Assert.Equal(expected, value.DateTime.ToString("o").Substring(0, 27));
        Assert.Equal(offsetMinutes is int m ? TimeSpan.FromMinutes(m) : null, value.Offset);
    }

    [Fact]
    public void LocalDateFollowedBySpaceAndCommentIsADate()
    {
        var value = TomlDocument.Parse("d = 2001-02-03 # not a time\n").Root.GetDateTime("d");
        Assert.Equal(TomlDateTimeKind.LocalDate, value.DateTimeKind);
    }

    [Fact]
    public void ArraysMayMixTypesSpanLinesAndEndWithAComma()
    {
        var array = Value("[\n  1, 'two', 3.0, [4], { five = 5 }, # comment\n  2001-01-01,\n]").AsArray();
        Assert.Equal(6, array.Count);
        Assert.Equal(1, array[0].AsInteger());
        Assert.Equal("two", array[1].AsString());
        Assert.Equal(3.0, array[2].AsFloat());
        Assert.Equal(4, array[3].AsArray()[0].AsInteger());
        Assert.Equal(5, array[4].AsTable().GetInteger("five"));
        Assert.Equal(TomlDateTimeKind.LocalDate, array[5].AsDateTime().DateTimeKind);
    }

    [Fact]
    public void EmptyContainers()
    {
        Assert.Empty(Value("[ ]").AsArray());
        Assert.Equal(0, Value("{}").AsTable().Count);
    }

    [Fact]
    public void InlineTablesWithDottedKeysBuildNestedTables()
    {
        var table = Value("{ a.b = 1, a.c = 2, \"quoted key\" = 3 }").AsTable();
        Assert.True(table.IsInline);
        Assert.Equal(1, table.GetTable("a").GetInteger("b"));
        Assert.Equal(2, table.GetTable("a").GetInteger("c"));
        Assert.Equal(3, table.GetInteger("quoted key"));
    }
}
