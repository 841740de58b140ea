using WitSharp.HostRuntime.Components;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Hosting;
using WitSharp.Wit;

namespace WitSharp.HostCli;

/// <summary>The real engine-backed loader, and the dry-run check of an artifact against the plugin world.</summary>
internal static class PluginLoaders
{
    public static IPluginLoader Create() => new ComponentPluginLoader();

    /// <summary>Checks an artifact's imports and exports against the world without running it; prints what it needs granted.</summary>
    public static int Check(FileInfo artifact, FileInfo? worldFile, TextWriter output)
    {
        var witPath = worldFile?.FullName ?? FindRepositoryWit();
        if (witPath is null)
        {
            output.WriteLine("error: wit/plugins.wit not found above the current directory; pass --world <file.wit>");
            return HostCommands.ConfigInvalid;
        }

        var resolution = WitResolver.ResolvePath(witPath);
        if (resolution.HasErrors)
        {
            foreach (var diagnostic in resolution.Diagnostics)
            {
                output.WriteLine($"error: {diagnostic}");
            }

            return HostCommands.ConfigInvalid;
        }

        var world = resolution.FindWorld("plugin", out var worldError);
        if (world is null)
        {
            output.WriteLine($"error: {witPath}: {worldError}");
            return HostCommands.ConfigInvalid;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(artifact.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.WriteLine($"error: cannot read {artifact.FullName}: {e.Message}");
            return HostCommands.ConfigInvalid;
        }

        try
        {
            var mismatches = ComponentChecker.Check(bytes, world);
            // Compiles the core modules too (still without instantiating), so invalid code is reported here as well.
            var imports = Create().Prepare(artifact.Name, bytes, PluginLimits.Default).Imports;
            output.WriteLine($"{Report.Relative(artifact.FullName)} against world {world.Name} of {Report.Relative(witPath)}:");
            output.WriteLine("  capabilities to grant: " + (imports.Count == 0 ? "(none)" : string.Join(", ", imports)));
            foreach (var mismatch in mismatches)
            {
                output.WriteLine($"  {mismatch.Kind}: {mismatch.Name}: {mismatch.Message}");
            }

            output.WriteLine(mismatches.Count == 0 ? "ok: the component fits the world" : $"failed: {mismatches.Count} mismatches");
            return mismatches.Count == 0 ? HostCommands.Success : HostCommands.PluginFailed;
        }
        catch (Exception e) when (e is ComponentFormatException or PluginLoadException)
        {
            output.WriteLine($"failed: {Report.Relative(artifact.FullName)} is not a loadable component: {e.Message}");
            return HostCommands.PluginFailed;
        }
    }

    private static string? FindRepositoryWit()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "wit", "plugins.wit");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
