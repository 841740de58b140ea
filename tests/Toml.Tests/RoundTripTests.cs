using System.Text;

namespace WitSharp.Toml.Tests;

/// <summary>Parse -> write reproduces the input byte for byte, whatever its formatting.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string> Documents => new()
    {
        "",
        "\n\n",
        "   \t\n# only a comment",
        "a=1",
        "a = 1 # no newline at end",
        "  indented   =\t'value'   # trailing comment\n",
        "[ table . 'quoted' . \"dq\" ]  # header comment\n  x = 0xff_00\n",
        "[[ aot ]]\n[[aot]]\n\tname = \"\"\"\nmulti\\\n   line\"\"\"\n",
        "s1 = '''\n  raw ''' \ns2 = \"\\u00E9\\t\"\n",
        "arr = [ 1,2 ,  3 , ]\nnested = [[ 'a' ], [\n  # inside\n  'b',\n\n]]\n",
        "tbl = {a=1,b = { c.d = 2 } ,  e = [ 1 ] }\nempty = {  }\n",
        "f = [ +1.0, -0.0, 1e1_0, 6.626e-34, inf, -nan ]\nd = [ 1979-05-27t07:32:00z, 1979-05-27 07:32:00.5-07:00, 07:32:00 ]\n",
        "a.b.c = 1\na . b . d = 2\n\n\n[x]\n",
        "crlf = 1\r\n[t]\r\n# comment\r\nv = \"\"\"a\r\nb\"\"\"\r\n",
        "\uFEFFbom = true\n",
        "emoji = \"😀\" # 😀\n\"ключ\" = 'значение'\n",
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void WritesBackExactly(string text)
    {
        var document = TomlDocument.Parse(text);
        Assert.Equal(text, document.ToString());
        var writer = new StringWriter();
        document.WriteTo(writer);
        Assert.Equal(text, writer.ToString());
    }

    [Fact]
    public void BytesWithByteOrderMarkRoundTripThroughSave()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("# é\nk = 1\r\n")).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"toml-bom-{Guid.NewGuid():N}.toml");
        try
        {
            File.WriteAllBytes(path, bytes);
            TomlDocument.Load(path).Save(path);
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
