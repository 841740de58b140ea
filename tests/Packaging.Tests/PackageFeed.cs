using System.Reflection;

namespace WitSharp.Packaging.Tests;

/// <summary>
/// Packs the shipped packages (Packages.slnf) once into a local folder feed in a temp directory outside the
/// repository, and creates consumer projects next to it that restore from that feed.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    public PackageFeed()
    {
        RepositoryRoot = Metadata("RepositoryRoot");
        Root = Directory.CreateTempSubdirectory("witsharp-consumers-").FullName;
        Feed = Path.Combine(Root, "feed");
        // The test project references the packaged projects, so they are already built in this configuration: pack
        // only. (Building here could race with `dotnet test Sdk.sln` building other projects in parallel.)
        DotnetCli.Result pack = DotnetCli.Run(RepositoryRoot, CommandTimeout,
            "pack", Path.Combine(RepositoryRoot, "Packages.slnf"), "-c", Metadata("Configuration"), "--no-build", "-o", Feed,
            "-nodeReuse:false");
        if (!pack.Succeeded)
            throw new InvalidOperationException("dotnet pack failed:\n" + pack.Output);
        string sdk = Path.GetFileNameWithoutExtension(Directory.GetFiles(Feed, "WitSharp.Sdk.*.nupkg").Single());
        Version = sdk.Substring("WitSharp.Sdk.".Length);

        // The consumers restore from the feed into their own packages folder (so a package built by an earlier run
        // is never reused), falling back on the machine's global packages for everything else.
        string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="witsharp-local" value="{Feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{globalPackages}" />
              </fallbackPackageFolders>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" />
              </config>
            </configuration>
            """);
    }

    public string RepositoryRoot { get; }

    private static string Metadata(string key) =>
        typeof(PackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>Temp directory holding the feed, the consumers' packages folder and the consumers.</summary>
    public string Root { get; }

    public string Feed { get; }

    /// <summary>Version of the packed packages.</summary>
    public string Version { get; }

    /// <summary>Writes a host project referencing WitSharp.Sdk and WitSharp.HostRuntime, plus <paramref name="files"/>.</summary>
    public Consumer CreateConsumer(string name, IReadOnlyDictionary<string, string> files)
    {
        string directory = Path.Combine(Root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="WitSharp.Sdk" Version="{Version}" />
                <PackageReference Include="WitSharp.HostRuntime" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        var consumer = new Consumer(directory);
        foreach ((string path, string text) in files)
            consumer.Write(path, text);
        return consumer;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { } // a build server may still hold a file; the temp directory is cleaned by the OS
    }
}

/// <summary>A host project created by a test.</summary>
public sealed class Consumer(string directory)
{
    public string Directory { get; } = directory;

    public void Write(string path, string text)
    {
        string full = Path.Combine(Directory, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    public DotnetCli.Result Build() =>
        DotnetCli.Run(Directory, PackageFeed.CommandTimeout, "build", "-nodeReuse:false", "-clp:NoSummary");

    public DotnetCli.Result Run(params string[] arguments) =>
        DotnetCli.Run(Directory, PackageFeed.CommandTimeout, ["run", "--no-build", "--", .. arguments]);

    /// <summary>The text of every file the source generator wrote (EmitCompilerGeneratedFiles).</summary>
    public string GeneratedSources()
    {
        string generated = Path.Combine(Directory, "obj", "Debug", "net10.0", "generated");
        return !System.IO.Directory.Exists(generated) ? "" : string.Join("\n",
            System.IO.Directory.GetFiles(generated, "*.cs", SearchOption.AllDirectories).Order().Select(File.ReadAllText));
    }
}
