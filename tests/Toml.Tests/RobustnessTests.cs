namespace WitSharp.Toml.Tests;

/// <summary>
/// Seeded random mutations of our own documents: malformed text only ever raises TomlException, accepted text
/// round-trips exactly, and random edits always write text that parses back to the edited values.
/// </summary>
public sealed class RobustnessTests
{
    private const string Alphabet = "[]{}=,.\"'#\n\r\t 0123456789abcdefxobtrueinfnan_-+:TZ\\u\u00e9\u0000";

    private static readonly string[] Seeds =
    [
        "# top\ntitle = 'x'\n[server]\nport = 8080 # p\nhosts = [\n  'a',\n  'b', # c\n]\n[server.tls]\non = true\n",
        "[[fruit]]\nname = 'apple'\n[fruit.physical]\ncolor = 'red'\n[[fruit.variety]]\nname = 'gala'\n\n[[fruit]]\nname = 'pear'\n[other]\nx = 1\n[[fruit.variety]]\nname = 'late'\n",
        "a.b.c = 1\na.d = { e = [1, 2.5, \"\"\"m\nl\"\"\", 1979-05-27T07:32:00Z], f.g = false }\n[x.y]\nz = 0x1F\n[x]\nw = -inf\n",
        "s = \"\\u00e9\\n\"\nl = '''\nraw\n'''\nt = 07:32:00.25\n[t2]\n'q k' = 2001-01-01\n",
    ];

    [Fact]
    public void MutatedInputNeverEscapesAsAnotherExceptionAndEditsStayValid()
    {
        var random = new Random(20241123);
        var accepted = 0;
        foreach (var seed in Seeds)
        {
            for (var n = 0; n < 1500; n++)
            {
                var text = Mutate(seed, random);
                TomlDocument document;
                try
                {
                    document = TomlDocument.Parse(text);
                }
                catch (TomlException)
                {
                    continue;
                }

                accepted++;
                Assert.Equal(text, document.ToString());
                EditRandomly(document, random);
                var written = document.ToString();
                var reparsed = TomlDocument.Parse(written);
                Assert.True(TomlValue.SemanticallyEqual(document.Root, reparsed.Root), $"edit changed meaning:\n{text}\n---\n{written}");
            }
        }

        Assert.True(accepted > 500, $"only {accepted} mutations parsed; the test would prove little");
    }

    private static string Mutate(string text, Random random)
    {
        var chars = text.ToList();
        for (var m = random.Next(1, 4); m > 0 && chars.Count > 0; m--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0: chars.RemoveAt(at); break;
                case 1: chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                default: chars[at] = Alphabet[random.Next(Alphabet.Length)]; break;
            }
        }

        return new string(chars.ToArray());
    }

    private static void EditRandomly(TomlDocument document, Random random)
    {
        for (var e = random.Next(1, 5); e > 0; e--)
        {
            var tables = new List<TomlTable>();
            var arrays = new List<TomlArray>();
            Collect(document.Root, tables, arrays);
            var table = tables[random.Next(tables.Count)];
            var array = arrays.Count > 0 ? arrays[random.Next(arrays.Count)] : null;
            switch (random.Next(10))
            {
                case 0 when table.Count > 0: table.Remove(table.Keys[random.Next(table.Count)]); break;
                case 1 when table.Count > 0: table[table.Keys[random.Next(table.Count)]] = "edited \"value\""; break;
                case 2: table["added" + e] = 1.5; break;
                case 3: table["table" + e] = new TomlTable { ["x"] = 1, ["sub"] = new TomlTable { ["y"] = 2 } }; break;
                case 4 when array is not null:
                    array.Insert(random.Next(array.Count + 1), array.IsArrayOfTables ? new TomlTable { ["n"] = 1 } : new TomlInteger(7));
                    break;
                case 5 when array is { Count: > 0 }: array.RemoveAt(random.Next(array.Count)); break;
                case 7 when !ReferenceEquals(table, document.Root): table.IsInline = !table.IsInline; break;
                case 8 when array is not null && array.All(element => element is TomlTable):
                    array.IsArrayOfTables = !array.IsArrayOfTables;
                    break;
                case 9 when table.Count > 0 && !table.ContainsKey("renamed" + e):
                    table.RenameKey(table.Keys[random.Next(table.Count)], "renamed" + e);
                    break;
                case 6:
                    var elements = new TomlArray { IsArrayOfTables = true };
                    elements.Add(new TomlTable { ["q"] = true });
                    table["elements" + e] = elements;
                    break;
            }
        }
    }

    private static void Collect(TomlValue value, List<TomlTable> tables, List<TomlArray> arrays)
    {
        if (value is TomlTable table)
        {
            tables.Add(table);
            foreach (var entry in table)
            {
                Collect(entry.Value, tables, arrays);
            }
        }
        else if (value is TomlArray array)
        {
            arrays.Add(array);
            foreach (var element in array)
            {
                Collect(element, tables, arrays);
            }
        }
    }
}
