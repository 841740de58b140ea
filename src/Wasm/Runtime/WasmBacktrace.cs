using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace WitSharp.Wasm;

/// <summary>
/// Turns the CLR frames of a trap into wasm frames. Every compiled function is a method "f{index}" of its module's
/// generated type (compiled without inlining, so each wasm call is one CLR frame); the type maps to the module's names.
/// </summary>
internal static class WasmBacktrace
{
    private static readonly ConditionalWeakTable<Type, ModuleSymbols> s_modules = new();

    /// <summary>Records the names for frames of <paramref name="holder"/>, the type holding a module's compiled functions.</summary>
    public static void Register(Type holder, string? moduleName, IReadOnlyDictionary<uint, string> functionNames) =>
        s_modules.AddOrUpdate(holder, new ModuleSymbols(moduleName, functionNames));

    /// <summary>The wasm frames <paramref name="exception"/> passed through, innermost first.</summary>
    public static IReadOnlyList<WasmFrame> Capture(Exception exception)
    {
        var frames = new List<WasmFrame>();
        foreach (var frame in new StackTrace(exception, fNeedFileInfo: false).GetFrames())
        {
            var method = frame.GetMethod();
            if (method?.DeclaringType is { } type && s_modules.TryGetValue(type, out var symbols)
                && method.Name.StartsWith('f') && uint.TryParse(method.Name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                frames.Add(new WasmFrame(index, symbols.FunctionNames.GetValueOrDefault(index), symbols.ModuleName));
            }
        }

        return frames;
    }

    private sealed record ModuleSymbols(string? ModuleName, IReadOnlyDictionary<uint, string> FunctionNames);
}
