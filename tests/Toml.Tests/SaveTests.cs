using System.Text;

namespace WitSharp.Toml.Tests;

/// <summary>Saving is atomic and never replaces a good file with a bad or partial one.</summary>
public sealed class SaveTests : IDisposable
{
    private const string Config = "# settings\r\n[server]\r\nport = 8080 # default\r\nhosts = [\r\n  'a', # primary\r\n  'b',\r\n]\r\n\r\n[log]\r\nlevel = \"info\"\r\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("toml-save-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string ConfigPath => Path.Combine(_directory, "app.toml");

    [Fact]
    public void ChangingOneEntryAndSavingLeavesTheRestByteIdentical()
    {
        File.WriteAllText(ConfigPath, Config, new UTF8Encoding(false));
        var document = TomlDocument.Load(ConfigPath);
        document.Root.GetTable("server")["port"] = 9090;
        document.Save(ConfigPath);

        Assert.Equal(Encoding.UTF8.GetBytes(Config.Replace("port = 8080", "port = 9090")), File.ReadAllBytes(ConfigPath));
        Assert.Equal(new[] { "app.toml" }, Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void SavingCreatesANewFile()
    {
        var document = new TomlDocument();
        document.Root["name"] = "new";
        document.Save(ConfigPath);
        Assert.Equal("name = \"new\"\n", File.ReadAllText(ConfigPath));
    }

    [Fact]
    public void RefusesToWriteTextThatDoesNotParseBack()
    {
        File.WriteAllText(ConfigPath, Config);
        var document = TomlDocument.Load(ConfigPath);

        // A lone surrogate cannot be written as TOML (no escape can express it), so the text would not parse back.
        document.Root.GetTable("log")["level"] = "\uD800";
        var error = Assert.Throws<TomlException>(() => document.Save(ConfigPath));

        Assert.Contains("refusing to save", error.Reason);
        Assert.Equal(Config, File.ReadAllText(ConfigPath));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void AFailedWriteLeavesTheTargetAndNoTemporaryFiles()
    {
        var target = Path.Combine(_directory, "occupied");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "x");

        Assert.ThrowsAny<IOException>(() => TomlDocument.Parse(Config).Save(target));

        Assert.True(Directory.Exists(target));
        Assert.Equal("x", File.ReadAllText(Path.Combine(target, "keep.txt")));
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void SavingIntoAMissingDirectoryFailsWithoutSideEffects()
    {
        var path = Path.Combine(_directory, "missing", "app.toml");
        Assert.ThrowsAny<IOException>(() => TomlDocument.Parse(Config).Save(path));
        Assert.False(Directory.Exists(Path.Combine(_directory, "missing")));
    }

    [Fact]
    public void LoadErrorsNameTheFile()
    {
        File.WriteAllText(ConfigPath, "[server]\nport = 80 80\n");
        var error = Assert.Throws<TomlException>(() => TomlDocument.Load(ConfigPath));
        Assert.Equal(ConfigPath, error.SourcePath);
        Assert.Equal((2, 11), (error.Line, error.Column));
        Assert.StartsWith(ConfigPath + ":2:11: ", error.Message);
    }
}
