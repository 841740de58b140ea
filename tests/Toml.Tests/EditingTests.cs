namespace WitSharp.Toml.Tests;

/// <summary>Edits change only the edited text; everything else stays byte-identical.</summary>
public sealed class EditingTests
{
    private const string Config = """
        # NovyWave plugin configuration
        [plugins]
        schema_version = 1  # bump on migration

        [[plugins.entries]]
        id = "scanner"   # finds waveform files
        enabled = true
        artifact_path = 'plugins/scanner.wasm'
        config = { extensions = [".vcd", ".fst"], depth = 2 }

        [[plugins.entries]]
        id = "auto_reload"
        enabled = false

        [ui]
        theme.name = 'dark'
        theme.size = 12

        """;

    private static TomlTable Entry(TomlDocument document, int index) =>
        document.Root.GetTable("plugins").GetArray("entries")[index].AsTable();

    [Fact]
    public void ReplacingOneValueChangesOnlyThatValue()
    {
        var document = TomlDocument.Parse(Config);
        Entry(document, 1)["enabled"] = true;
        Assert.Equal(Config.Replace("enabled = false", "enabled = true"), document.ToString());
    }

    [Fact]
    public void ReplacedStringsAreEscaped()
    {
        var document = TomlDocument.Parse(Config);
        Entry(document, 0)["id"] = "say \"hi\"\n\t\\ \u0001";
        Assert.Equal(
            Config.Replace("id = \"scanner\"", "id = \"say \\\"hi\\\"\\n\\t\\\\ \\u0001\""),
            document.ToString());
        Assert.Equal("say \"hi\"\n\t\\ \u0001", Entry(TomlDocument.Parse(document.ToString()), 0).GetString("id"));
    }

    [Fact]
    public void EditingInsideAnInlineTableKeepsItsLayout()
    {
        var document = TomlDocument.Parse(Config);
        var config = Entry(document, 0).GetTable("config");
        config["depth"] = 3;
        config.GetArray("extensions").Add(".ghw");
        config["follow_links"] = false;
        Assert.Equal(
            Config.Replace("config = { extensions = [\".vcd\", \".fst\"], depth = 2 }",
                "config = { extensions = [\".vcd\", \".fst\", \".ghw\"], depth = 3, follow_links = false }"),
            document.ToString());
    }

    [Fact]
    public void NewKeysGoAfterTheLastEntryOfTheirTable()
    {
        var document = TomlDocument.Parse(Config);
        document.Root.GetTable("plugins")["default_deadline_ms"] = 250;
        document.Root.GetTable("ui").GetTable("theme")["font"] = "mono";
        Assert.Equal(
            Config.Replace("schema_version = 1  # bump on migration\n", "schema_version = 1  # bump on migration\ndefault_deadline_ms = 250\n")
                .Replace("theme.size = 12\n", "theme.size = 12\ntheme.font = \"mono\"\n"),
            document.ToString());
    }

    [Fact]
    public void RemovingAKeyDropsItsLineAndRemovingATableDropsItsSection()
    {
        var document = TomlDocument.Parse(Config);
        Assert.True(Entry(document, 0).Remove("enabled"));
        Assert.True(document.Root.Remove("ui"));
        Assert.Equal(
            Config.Replace("enabled = true\n", string.Empty).Replace("[ui]\ntheme.name = 'dark'\ntheme.size = 12\n", string.Empty),
            document.ToString());
    }

    [Fact]
    public void RemovingAnArrayOfTablesElementDropsItsSection()
    {
        var document = TomlDocument.Parse(Config);
        document.Root.GetTable("plugins").GetArray("entries").RemoveAt(1);
        Assert.Equal(Config.Replace("[[plugins.entries]]\nid = \"auto_reload\"\nenabled = false\n\n", string.Empty), document.ToString());
    }

    [Fact]
    public void NewArrayElementsAndSubTablesLandWhereTheyParseBackCorrectly()
    {
        var document = TomlDocument.Parse(Config);
        var entries = document.Root.GetTable("plugins").GetArray("entries");
        entries.Insert(0, new TomlTable { ["id"] = "first" });
        entries.Add(new TomlTable { ["id"] = "last", ["config"] = new TomlTable { ["x"] = 1 } });
        Entry(document, 1)["watch"] = new TomlTable { ["debounce_ms"] = 200 };

        var text = document.ToString();
        var reparsed = TomlDocument.Parse(text);
        Assert.True(TomlValue.SemanticallyEqual(document.Root, reparsed.Root));
        Assert.Equal(new[] { "first", "scanner", "auto_reload", "last" },
            reparsed.Root.GetTable("plugins").GetArray("entries").Select(e => e.AsTable().GetString("id")));
        Assert.Equal(200, Entry(reparsed, 1).GetTable("watch").GetInteger("debounce_ms"));
        Assert.Contains("id = \"scanner\"   # finds waveform files\n", text);
        Assert.Contains("[ui]\ntheme.name = 'dark'\ntheme.size = 12\n", text);
    }

    [Fact]
    public void AppendingToAMultiLineArrayFollowsItsIndentation()
    {
        var document = TomlDocument.Parse("dirs = [\n    'a',  # first\n    'b'\n]\n");
        document.Root.GetArray("dirs").Add("c");
        Assert.Equal("dirs = [\n    'a',  # first\n    'b',\n    \"c\"\n]\n", document.ToString());
    }

    [Fact]
    public void AppendedElementsGoAfterTheCommentOfTheLastElement()
    {
        var document = TomlDocument.Parse("dirs = [\n  'a', # first\n  'b', # second\n]\n");
        document.Root.GetArray("dirs").Add("c");
        Assert.Equal("dirs = [\n  'a', # first\n  'b', # second\n  \"c\",\n]\n", document.ToString());
        document.Root.GetArray("dirs").RemoveAt(1);
        Assert.Equal("dirs = [\n  'a', # first\n  \"c\",\n]\n", document.ToString());
    }

    [Theory]
    [InlineData("a = [1, 2]\n", "a = [0, 1, 2]\n")]
    [InlineData("a = [ # head\n    1, # one\n    2, # two\n]\n", "a = [ # head\n    0,\n    1, # one\n    2, # two\n]\n")]
    [InlineData("a = [\r\n  1,\r\n  2\r\n]\r\n", "a = [\r\n  0,\r\n  1,\r\n  2\r\n]\r\n")]
    public void InsertingAtTheFrontKeepsTheArraysLayout(string before, string after)
    {
        var document = TomlDocument.Parse(before);
        document.Root.GetArray("a").Insert(0, 0);
        Assert.Equal(after, document.ToString());
    }

    [Fact]
    public void RemovingTheFirstElementOfAMultiLineArrayKeepsTheOthersOnTheirLines()
    {
        var document = TomlDocument.Parse("a = [\n  1, # one\n  # about two\n  2, # two\n]\n");
        document.Root.GetArray("a").RemoveAt(0);
        Assert.Equal("a = [\n  # about two\n  2, # two\n]\n", document.ToString());
    }

    [Fact]
    public void AddingToAFileWithoutFinalNewlineStartsANewLine()
    {
        var document = TomlDocument.Parse("a = 1");
        document.Root["b"] = 2;
        Assert.Equal("a = 1\nb = 2\n", document.ToString());
    }

    [Fact]
    public void AddedLinesUseTheFilesLineEnding()
    {
        var document = TomlDocument.Parse("[t]\r\na = 1\r\n");
        document.Root.GetTable("t")["b"] = 2;
        document.Root["u"] = new TomlTable { ["c"] = 3 };
        Assert.Equal("[t]\r\na = 1\r\nb = 2\r\n\r\n[u]\r\nc = 3\r\n", document.ToString());
    }

    [Fact]
    public void SerializesADocumentBuiltFromScratch()
    {
        var document = new TomlDocument();
        document.Root["title"] = "From \"scratch\"\n";
        document.Root["when"] = new TomlDateTime(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)));
        document.Root["day"] = TomlDateTime.LocalDate(new DateTime(2024, 2, 29));
        document.Root["at"] = TomlDateTime.LocalTime(new TimeSpan(0, 1, 2, 3, 400));
        document.Root["ratio"] = 0.1;
        document.Root["whole"] = 5.0;
        document.Root["none"] = double.NegativeInfinity;
        document.Root["weird key"] = new TomlArray { 1, "two", new TomlTable { IsInline = true, ["x"] = 1 } };
        var items = new TomlArray { IsArrayOfTables = true };
        items.Add(new TomlTable { ["id"] = 1 });
        items.Add(new TomlTable { ["id"] = 2, ["sub"] = new TomlTable { ["deep"] = true } });
        document.Root["items"] = items;
        document.Root["empty"] = new TomlTable();

        Assert.Equal(
            """
            title = "From \"scratch\"\n"
            when = 2024-01-02T03:04:05-05:00
            day = 2024-02-29
            at = 01:02:03.4
            ratio = 0.1
            whole = 5.0
            none = -inf
            "weird key" = [1, "two", { x = 1 }]

            [[items]]
            id = 1

            [[items]]
            id = 2

            [items.sub]
            deep = true

            [empty]

            """,
            document.ToString());
        Assert.True(TomlValue.SemanticallyEqual(document.Root, TomlDocument.Parse(document.ToString()).Root));
    }

    [Fact]
    public void ChangingATablesFormRewritesItAsAValue()
    {
        var document = TomlDocument.Parse("[a]\nx = 1\n\n[b]\ny = 2\n\n[[c]]\nz = 3\n");
        document.Root.GetTable("a").IsInline = true;
        document.Root.GetArray("c").IsArrayOfTables = false;
        Assert.Equal("a = { x = 1 }\nc = [{ z = 3 }]\n\n[b]\ny = 2\n\n", document.ToString());
    }

    [Fact]
    public void RenamingKeysRewritesOnlyTheKeyText()
    {
        var document = TomlDocument.Parse(Config);
        var plugins = document.Root.GetTable("plugins");
        plugins.RenameKey("schema_version", "version");
        Entry(document, 0).RenameKey("artifact_path", "artifact");
        document.Root.GetTable("ui").RenameKey("theme", "look");
        Entry(document, 0).GetTable("config").RenameKey("depth", "max depth");
        document.Root.RenameKey("ui", "display");

        Assert.Equal(
            Config.Replace("schema_version = 1", "version = 1")
                .Replace("artifact_path = ", "artifact = ")
                .Replace("theme.", "look.")
                .Replace("depth = 2", "\"max depth\" = 2")
                .Replace("[ui]", "[display]"),
            document.ToString());
        Assert.Equal(new[] { "plugins", "display" }, document.Root.Keys);
        Assert.Equal(1, plugins.GetInteger("version"));
        Assert.Equal(new TomlPosition(null, 3, 1), plugins.GetKeyPosition("version"));
    }

    [Fact]
    public void RenamingTheParentOfAnArrayOfTablesRewritesEveryHeader()
    {
        var document = TomlDocument.Parse("[[ plugins . entries ]] # one\nid = 1\n[[plugins.entries]]\nid = 2\n");
        document.Root.RenameKey("plugins", "extensions");
        Assert.Equal("[[ extensions . entries ]] # one\nid = 1\n[[extensions.entries]]\nid = 2\n", document.ToString());
    }

    [Fact]
    public void SwappingNamesByRenamingKeepsEachLine()
    {
        var document = TomlDocument.Parse("a = 1 # first\nb = 2 # second\n");
        document.Root.RenameKey("a", "tmp");
        document.Root.RenameKey("b", "a");
        document.Root.RenameKey("tmp", "b");
        Assert.Equal("b = 1 # first\na = 2 # second\n", document.ToString());
        Assert.Throws<ArgumentException>(() => document.Root.RenameKey("a", "b"));
        Assert.Throws<KeyNotFoundException>(() => document.Root.RenameKey("missing", "x"));
    }

    [Fact]
    public void ContainersBelongToOneParent()
    {
        var document = TomlDocument.Parse("[a]\n[b]\n");
        var a = document.Root.GetTable("a");
        Assert.Throws<InvalidOperationException>(() => document.Root["c"] = a);
        Assert.Throws<InvalidOperationException>(() => a["self"] = a);
        document.Root.Remove("a");
        document.Root["c"] = a;
        Assert.Equal("[b]\n\n[c]\n", document.ToString());
    }
}
