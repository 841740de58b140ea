using System.Diagnostics;
using System.Reflection;

namespace WitSharp.Benchmarks;

/// <summary>Locates the kernel artifacts (benchmarks/kernels/out), building them with build.sh when missing.</summary>
public static class Kernels
{
    private static readonly object BuildLock = new();

    public static string Directory { get; } = typeof(Kernels).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "KernelsDirectory").Value!;

    public static string OutputDirectory => Path.Combine(Directory, "out");

    /// <summary>Path of an artifact in the output folder; runs build.sh first if it is absent.</summary>
    public static string Artifact(string fileName)
    {
        var path = Path.Combine(OutputDirectory, fileName);
        lock (BuildLock)
        {
            if (!File.Exists(path))
            {
                var (exitCode, output) = Run("bash", Path.Combine(Directory, "build.sh"), OutputDirectory);
                if (exitCode != 0 || !File.Exists(path))
                {
                    throw new InvalidOperationException($"build.sh failed (exit {exitCode}) or did not produce {fileName}:\n{output}");
                }
            }
        }

        return path;
    }

    /// <summary>Runs a child process to completion and returns its exit code and combined output.</summary>
    public static (int ExitCode, string Output) Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
