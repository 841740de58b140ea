using System.Diagnostics;

namespace WitSharp.Wasm.Tests.Runtime;

/// <summary>Builds test modules from WebAssembly text with wabt's wat2wasm (installed on the build machine), cached per text.</summary>
internal static class Wat
{
    private static readonly Dictionary<(string, bool), byte[]> s_cache = [];

    /// <summary>Assembles <paramref name="text"/>; with <paramref name="debugNames"/> the binary gets a name section.</summary>
    public static byte[] ToWasm(string text, bool debugNames = false)
    {
        lock (s_cache)
        {
            if (s_cache.TryGetValue((text, debugNames), out var cached))
            {
                return cached;
            }
        }

        var directory = Directory.CreateTempSubdirectory("witsharp-wat");
        try
        {
            var input = Path.Combine(directory.FullName, "m.wat");
            var output = Path.Combine(directory.FullName, "m.wasm");
            File.WriteAllText(input, text);
            var start = new ProcessStartInfo("wat2wasm", debugNames ? [input, "--debug-names", "-o", output] : [input, "-o", output]) { RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("wat2wasm failed: " + errors);
            }

            var bytes = File.ReadAllBytes(output);
            lock (s_cache)
            {
                s_cache[(text, debugNames)] = bytes;
            }

            return bytes;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static Instance Instantiate(string text, Engine? engine = null, Action<Linker>? link = null, Store? store = null)
    {
        engine ??= store?.Engine ?? new Engine();
        var module = Module.FromBytes(engine, ToWasm(text));
        var linker = new Linker(engine);
        link?.Invoke(linker);
        return linker.Instantiate(store ?? new Store(engine), module);
    }
}
