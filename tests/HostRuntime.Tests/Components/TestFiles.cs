namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>Locates committed binaries (plugins/dist, the decoder corpus) from the test output directory.</summary>
internal static class TestFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Sdk.sln) not found above " + AppContext.BaseDirectory);
    });

    public static string RepositoryRoot => Root.Value;

    public static byte[] HelloWorld() => File.ReadAllBytes(Path.Combine(RepositoryRoot, "plugins", "dist", "hello_world.wasm"));

    public static string CorpusDirectory => Path.Combine(RepositoryRoot, "tests", "HostRuntime.Tests", "Components", "Corpus");

    public static byte[] Corpus(string fileName) => File.ReadAllBytes(Path.Combine(CorpusDirectory, fileName));

    /// <summary>
    /// The file stem of every corpus component built from a WIT world (with its embedded core module): the world's name,
    /// or "&lt;world&gt;.&lt;encoding&gt;" for a world built once per string encoding (see plugins/tools/make-test-corpus.mjs).
    /// Components hand-written in the text format (<c>&lt;name&gt;.wat</c>) have no world and are not included.
    /// </summary>
    public static IEnumerable<string> CorpusBuilds() =>
        Directory.GetFiles(CorpusDirectory, "*.embedded.wasm").Select(file => Path.GetFileName(file)[..^".embedded.wasm".Length]).Order(StringComparer.Ordinal);

    /// <summary>The world a corpus build (see <see cref="CorpusBuilds"/>) was made from.</summary>
    public static string CorpusWorld(string build) => build.Split('.')[0];
}
