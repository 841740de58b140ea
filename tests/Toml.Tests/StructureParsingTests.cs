namespace WitSharp.Toml.Tests;

/// <summary>Keys, tables, arrays of tables and positions.</summary>
public sealed class StructureParsingTests
{
    [Fact]
    public void KeysMayBeBareQuotedLiteralOrDottedWithSpaces()
    {
        var root = TomlDocument.Parse(
            "bare-key_1 = 1\n\"quoted . key\" = 2\n'literal \"key\"' = 3\nsite . \"google.com\" . ok = true\n\"\" = 4\n1234 = 5\n").Root;
        Assert.Equal(new[] { "bare-key_1", "quoted . key", "literal \"key\"", "site", "", "1234" }, root.Keys);
        Assert.True(root.GetTable("site").GetTable("google.com").GetBoolean("ok"));
        Assert.Equal(4, root.GetInteger(""));
    }

    [Fact]
    public void TablesKeepSourceOrderAndMayBeDefinedAfterTheirSubTables()
    {
        var root = TomlDocument.Parse("[x.y.z]\nv = 1\n[x]\nw = 2\n[a]\n").Root;
        Assert.Equal(new[] { "x", "a" }, root.Keys);
        var x = root.GetTable("x");
        Assert.Equal(new[] { "y", "w" }, x.Keys);
        Assert.Equal(1, x.GetTable("y").GetTable("z").GetInteger("v"));
    }

    [Fact]
    public void DottedKeysInATableAndSubTableHeadersBelowThem()
    {
        var root = TomlDocument.Parse("[fruit]\napple.color = 'red'\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n").Root;
        var apple = root.GetTable("fruit").GetTable("apple");
        Assert.Equal("red", apple.GetString("color"));
        Assert.True(apple.GetTable("taste").GetBoolean("sweet"));
        Assert.True(apple.GetTable("texture").GetBoolean("smooth"));
    }

    [Fact]
    public void ArraysOfTablesCollectElementsAndSubTablesAttachToTheLastElement()
    {
        var root = TomlDocument.Parse(
            "[[plugin]]\nid = 'a'\n[plugin.config]\nx = 1\n\n[[plugin]]\nid = 'b'\n[[plugin.grants]]\ndir = '/tmp'\n").Root;
        var plugins = root.GetArray("plugin");
        Assert.True(plugins.IsArrayOfTables);
        Assert.Equal(2, plugins.Count);
        Assert.Equal(1, plugins[0].AsTable().GetTable("config").GetInteger("x"));
        Assert.Equal("b", plugins[1].AsTable().GetString("id"));
        Assert.Equal("/tmp", plugins[1].AsTable().GetArray("grants")[0].AsTable().GetString("dir"));
    }

    [Fact]
    public void ValuesKnowTheirLineAndColumn()
    {
        var document = TomlDocument.Parse("# c\n[server]\n  port =  8080\nhosts = [ 'a',\n  'b' ]\n", "app.toml");
        var server = document.Root.GetTable("server");
        Assert.Equal(new TomlPosition("app.toml", 2, 1), server.Position);
        Assert.Equal(new TomlPosition("app.toml", 3, 11), server["port"].Position);
        Assert.Equal(new TomlPosition("app.toml", 5, 3), server.GetArray("hosts")[1].Position);
        Assert.Equal("app.toml:3:11", server["port"].Position.ToString());
    }

    [Fact]
    public void KeysKnowWhereTheyAreWritten()
    {
        var root = TomlDocument.Parse("[a.b]\n  x.y = 1\n\"q\" = { z = 2 }\n[[c]]\n").Root;
        var b = root.GetTable("a").GetTable("b");
        Assert.Equal((1, 2), Where(root.GetKeyPosition("a")));
        Assert.Equal((1, 4), Where(root.GetTable("a").GetKeyPosition("b")));
        Assert.Equal((2, 3), Where(b.GetKeyPosition("x")));
        Assert.Equal((2, 5), Where(b.GetTable("x").GetKeyPosition("y")));
        Assert.Equal((3, 1), Where(b.GetKeyPosition("q")));
        Assert.Equal((3, 9), Where(b.GetTable("q").GetKeyPosition("z")));
        Assert.Equal((4, 3), Where(root.GetKeyPosition("c")));

        b["new"] = 1;
        Assert.Null(b.GetKeyPosition("new"));
        b.Remove("x");
        Assert.Null(b.GetKeyPosition("x"));
    }

    private static (int, int) Where(TomlPosition? position) =>
        position is TomlPosition p ? (p.Line, p.Column) : (0, 0);

    [Fact]
    public void ParsesFromUtf8BytesWithAndWithoutByteOrderMark()
    {
        var withBom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("k = 'é'\n"u8.ToArray()).ToArray();
        Assert.Equal("é", TomlDocument.Parse(withBom).Root.GetString("k"));
        Assert.Equal("é", TomlDocument.Parse("k = 'é'\n"u8.ToArray()).Root.GetString("k"));
    }

    [Fact]
    public void CrLfLineEndingsAreAccepted()
    {
        var root = TomlDocument.Parse("a = 1\r\n[t]\r\nb = \"\"\"x\r\ny\"\"\"\r\n").Root;
        Assert.Equal("x\r\ny", root.GetTable("t").GetString("b"));
    }

    [Fact]
    public void TypedGettersReportMissingKeysAndWrongKindsWithPositions()
    {
        var entry = TomlDocument.Parse("[[plugins.entries]]\nid = 7\n", ".novywave").Root.GetTable("plugins").GetArray("entries")[0].AsTable();
        var wrongKind = Assert.Throws<TomlException>(() => entry.GetString("id"));
        Assert.Equal((2, 6), (wrongKind.Line, wrongKind.Column));
        Assert.Equal(".novywave", wrongKind.SourcePath);
        Assert.Equal("expected 'id' to be a string, found an integer", wrongKind.Reason);

        var missing = Assert.Throws<TomlException>(() => entry.GetBoolean("enabled"));
        Assert.Equal((1, 1), (missing.Line, missing.Column));
        Assert.Equal("missing key 'enabled' in table [plugins.entries]", missing.Reason);

        Assert.False(entry.TryGetBoolean("enabled", out _));
        Assert.Throws<TomlException>(() => entry.TryGetString("id", out _));
    }
}
