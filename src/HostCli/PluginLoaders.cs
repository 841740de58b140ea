using WitSharp.HostRuntime.Components;
using WitSharp.HostRuntime.Plugins.Configuration;
using WitSharp.HostRuntime.Plugins.Hosting;
using WitSharp.Wit;

namespace WitSharp.HostCli;

/// <summary>The real engine-backed loader, and the dry-run check of an artifact against the plugin world.</summary>
internal static class PluginLoaders
{
    public static IPluginLoader Create() => new ComponentPluginLoader();

    /// <summary>Checks an artifact's imports and exports against the world without running it; prints what it needs
    /// granted and, for a config entry, which of those imports its grants would refuse. <paramref name="witFeatures"/> are
    /// the world's <c>@unstable</c> features to enable.</summary>
    public static int Check(FileInfo artifact, PluginEntryConfig? entry, FileInfo? worldFile, IReadOnlyList<string> witFeatures, TextWriter output)
    {
        var witPath = worldFile?.FullName ?? FindRepositoryWit();
        if (witPath is null)
        {
            output.WriteLine("error: wit/plugins.wit not found above the current directory; pass --world <file.wit>");
            return HostCommands.ConfigInvalid;
        }

        var resolution = WitResolver.ResolvePath(witPath, witFeatures);
        if (resolution.HasErrors)
        {
            foreach (var diagnostic in resolution.Diagnostics)
            {
                output.WriteLine($"error: {diagnostic}");
            }

            return HostCommands.ConfigInvalid;
        }

        foreach (var feature in resolution.UnusedFeatures)
        {
            output.WriteLine($"warning: --wit-features: no @unstable item of {Report.Relative(witPath)} names feature '{feature}'");
        }

        var world = resolution.FindWorld("plugin", out var worldError);
        if (world is null)
        {
            output.WriteLine($"error: {witPath}: {worldError}");
            return HostCommands.ConfigInvalid;
        }

        if (Directory.Exists(artifact.FullName))
        {
            output.WriteLine($"error: {artifact.FullName} is a directory; give the path of a component (.wasm) file");
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
            var subject = entry is null ? Report.Relative(artifact.FullName) : $"plugin '{entry.Id}' ({Report.Relative(artifact.FullName)})";
            output.WriteLine($"{subject} against world {world.Name} of {Report.Relative(witPath)}:");
            output.WriteLine("  capabilities to grant: " + (imports.Count == 0 ? "(none)" : string.Join(", ", imports)));
            foreach (var mismatch in mismatches)
            {
                output.WriteLine($"  {mismatch.Kind}: {mismatch.Name}: {mismatch.Message}");
            }

            var refused = entry is null ? [] : imports.Where(import => !entry.Grants.AllowsImport(import)).ToArray();
            if (refused.Length > 0)
            {
                output.WriteLine("  imports not granted (the host would refuse to load it): " + string.Join(", ", refused));
            }

            var ok = mismatches.Count == 0 && refused.Length == 0;
            output.WriteLine(ok ? "ok: the component fits the world" + (entry is null ? "" : " and its grants") : $"failed: {mismatches.Count} mismatches, {refused.Length} imports not granted");
            return ok ? HostCommands.Success : HostCommands.PluginFailed;
        }
        catch (Exception e) when (e is ComponentFormatException or PluginLoadException)
        {
            // The loader's exception repeats "plugin '<file>': not a loadable component"; name the file once, then the cause.
            var cause = e is PluginLoadException { InnerException: { } inner } ? inner.Message : e.Message;
            output.WriteLine($"failed: {Report.Relative(artifact.FullName)} is not a loadable component: {cause}");
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
