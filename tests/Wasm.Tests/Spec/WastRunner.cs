using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace WitSharp.Wasm.Tests.Spec;

/// <summary>The outcome of one .wast script: counts and a line-numbered description of every failed command.</summary>
/// <param name="Passed">Commands that behaved as the script expects.</param>
/// <param name="Failed">Commands that did not.</param>
/// <param name="Skipped">Text-format assertions (this engine reads binary modules only).</param>
/// <param name="Failures">One entry per failed command.</param>
internal sealed record WastResult(int Passed, int Failed, int Skipped, IReadOnlyList<string> Failures);

/// <summary>
/// Runs a .wast script the way the specification interpreter does: converts it with wabt's wast2json into a temporary
/// directory, then executes the commands (modules, registrations, actions and assertions) against the engine.
/// </summary>
internal sealed class WastRunner
{
    private readonly Engine _engine = new(new EngineConfig { MaxCallDepth = 5_000 });
    private readonly Store _store;
    private readonly Linker _linker;
    private readonly Dictionary<string, Instance> _named = [];
    private readonly string _directory;
    private Instance? _current;

    private WastRunner(string directory)
    {
        _directory = directory;
        _store = new Store(_engine, StoreLimits.Default with { MaxInstances = int.MaxValue });
        _linker = new Linker(_engine);
        DefineSpecTest();
    }

    /// <summary>Converts and runs <paramref name="wastPath"/>.</summary>
    public static WastResult Run(string wastPath)
    {
        var directory = Directory.CreateTempSubdirectory("witsharp-wast");
        try
        {
            var json = Path.Combine(directory.FullName, "script.json");
            Convert(wastPath, json);
            using var document = JsonDocument.Parse(File.ReadAllBytes(json));
            return new WastRunner(directory.FullName).Execute(document.RootElement.GetProperty("commands"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void Convert(string wastPath, string jsonPath)
    {
        var start = new ProcessStartInfo("wast2json", ["--enable-extended-const", wastPath, "-o", jsonPath]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wast2json failed on {wastPath}: {errors}");
        }
    }

    private WastResult Execute(JsonElement commands)
    {
        int passed = 0, skipped = 0;
        var failures = new List<string>();
        foreach (var command in commands.EnumerateArray())
        {
            var type = command.GetProperty("type").GetString()!;
            if (type == "assert_malformed" && command.GetProperty("module_type").GetString() == "text")
            {
                skipped++;
                continue;
            }

            string? failure;
            try
            {
                failure = ExecuteCommand(type, command);
            }
            catch (Exception exception)
            {
                failure = $"unexpected {exception.GetType().Name}: {exception.Message}";
            }

            if (failure is null)
            {
                passed++;
            }
            else
            {
                failures.Add($"line {command.GetProperty("line").GetInt32()}: {type}: {failure}");
            }
        }

        return new WastResult(passed, failures.Count, skipped, failures);
    }

    /// <summary>Runs one command; returns why it failed, or <see langword="null"/>.</summary>
    private string? ExecuteCommand(string type, JsonElement command)
    {
        switch (type)
        {
            case "module":
                _current = _linker.Instantiate(_store, LoadModule(command));
                if (command.TryGetProperty("name", out var name))
                {
                    _named[name.GetString()!] = _current;
                }

                return null;
            case "register":
                _linker.DefineInstance(command.GetProperty("as").GetString()!, FindInstance(command));
                return null;
            case "action":
                Perform(command.GetProperty("action"));
                return null;
            case "assert_return":
                return CheckResults(Perform(command.GetProperty("action")), command.GetProperty("expected"));
            case "assert_trap":
                return ExpectTrap(() => Perform(command.GetProperty("action")), command);
            case "assert_exhaustion":
                return ExpectTrap(() => Perform(command.GetProperty("action")), command);
            case "assert_uninstantiable":
                return ExpectTrap(() => _linker.Instantiate(_store, LoadModule(command)), command);
            case "assert_unlinkable":
                return ExpectFailure<LinkException>(() => _linker.Instantiate(_store, LoadModule(command)), command);
            case "assert_invalid":
                return ExpectFailure<InvalidModuleException>(() => LoadModule(command), command);
            case "assert_malformed":
                return ExpectFailure<MalformedModuleException>(() => LoadModule(command), command);
            default:
                return $"unknown command type {type}";
        }
    }

    private Module LoadModule(JsonElement command) =>
        Module.FromBytes(_engine, File.ReadAllBytes(Path.Combine(_directory, command.GetProperty("filename").GetString()!)));

    private Instance FindInstance(JsonElement command)
    {
        if (command.TryGetProperty("module", out var module) || command.TryGetProperty("name", out module))
        {
            return _named.TryGetValue(module.GetString()!, out var named) ? named : throw new InvalidOperationException($"no module named {module.GetString()}");
        }

        return _current ?? throw new InvalidOperationException("no module instantiated yet");
    }

    private Value[] Perform(JsonElement action)
    {
        var instance = FindInstance(action);
        var field = action.GetProperty("field").GetString()!;
        if (action.GetProperty("type").GetString() == "get")
        {
            return [(instance.GetGlobal(field) ?? throw new InvalidOperationException($"no global export {field}")).Get()];
        }

        var function = instance.GetFunction(field) ?? throw new InvalidOperationException($"no function export {field}");
        var arguments = action.GetProperty("args").EnumerateArray().Select(ParseValue).ToArray();
        return function.Invoke(arguments);
    }

    private static string? CheckResults(Value[] actual, JsonElement expected)
    {
        var wanted = expected.EnumerateArray().ToArray();
        if (actual.Length != wanted.Length)
        {
            return $"expected {wanted.Length} results, got {actual.Length}";
        }

        for (var i = 0; i < wanted.Length; i++)
        {
            if (!Matches(actual[i], wanted[i]))
            {
                return $"result {i}: expected {wanted[i].GetProperty("type").GetString()} {wanted[i].GetProperty("value")}, got {actual[i]}";
            }
        }

        return null;
    }

    private static bool Matches(Value actual, JsonElement expected)
    {
        var type = ParseType(expected.GetProperty("type").GetString()!);
        if (actual.Type != type)
        {
            return false;
        }

        if (type == ValueType.V128)
        {
            return MatchesV128(actual.AsV128(), expected);
        }

        var text = expected.GetProperty("value").GetString()!;
        return type is ValueType.F32 or ValueType.F64 && text.StartsWith("nan:", StringComparison.Ordinal)
            ? IsExpectedNan(type == ValueType.F32 ? 32 : 64, actual.Bits, text)
            : actual.Equals(ParseValue(expected));
    }

    /// <summary>Whether a float's bits are the NaN a pattern allows: canonical (payload is only the quiet bit) or arithmetic (quiet bit set), either sign.</summary>
    private static bool IsExpectedNan(int width, ulong bits, string pattern)
    {
        var (magnitude, quiet) = width == 32 ? (0x7FFF_FFFFUL, 0x7FC0_0000UL) : (0x7FFF_FFFF_FFFF_FFFFUL, 0x7FF8_0000_0000_0000UL);
        return pattern == "nan:canonical" ? (bits & magnitude) == quiet : (bits & quiet) == quiet;
    }

    /// <summary>Compares each lane of a v128 result; float lanes may expect a NaN pattern.</summary>
    private static bool MatchesV128(Vector128<byte> actual, JsonElement expected)
    {
        var (width, lanes) = V128Lanes(expected);
        var isFloat = expected.GetProperty("lane_type").GetString()![0] == 'f';
        Span<byte> bytes = stackalloc byte[16];
        actual.CopyTo(bytes);
        for (var i = 0; i < lanes.Length; i++)
        {
            var bits = LaneBits(bytes, width, i);
            var matches = isFloat && lanes[i].StartsWith("nan:", StringComparison.Ordinal)
                ? IsExpectedNan(width, bits, lanes[i])
                : bits == ParseLane(lanes[i], width);
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }

    private static (int Width, string[] Lanes) V128Lanes(JsonElement value)
    {
        var lanes = value.GetProperty("value").EnumerateArray().Select(lane => lane.GetString()!).ToArray();
        return (128 / lanes.Length, lanes);
    }

    private static ulong LaneBits(ReadOnlySpan<byte> bytes, int width, int lane)
    {
        var size = width / 8;
        ulong bits = 0;
        for (var b = size - 1; b >= 0; b--)
        {
            bits = (bits << 8) | bytes[(lane * size) + b];
        }

        return bits;
    }

    /// <summary>A lane's bits from its decimal text (wast2json writes unsigned values; a sign is accepted too).</summary>
    private static ulong ParseLane(string text, int width)
    {
        var bits = text.StartsWith('-') ? (ulong)long.Parse(text, CultureInfo.InvariantCulture) : ulong.Parse(text, CultureInfo.InvariantCulture);
        return width == 64 ? bits : bits & ((1UL << width) - 1);
    }

    private static Value ParseV128(JsonElement value)
    {
        var (width, lanes) = V128Lanes(value);
        Span<byte> bytes = stackalloc byte[16];
        var size = width / 8;
        for (var i = 0; i < lanes.Length; i++)
        {
            var bits = ParseLane(lanes[i], width);
            for (var b = 0; b < size; b++)
            {
                bytes[(i * size) + b] = (byte)(bits >> (8 * b));
            }
        }

        return Value.FromV128(Vector128.Create<byte>(bytes));
    }

    private static Value ParseValue(JsonElement value)
    {
        var type = ParseType(value.GetProperty("type").GetString()!);
        if (type == ValueType.V128)
        {
            return ParseV128(value);
        }

        var text = value.GetProperty("value").GetString()!;
        return type switch
        {
            ValueType.I32 => Value.FromI32((int)uint.Parse(text, CultureInfo.InvariantCulture)),
            ValueType.I64 => Value.FromI64((long)ulong.Parse(text, CultureInfo.InvariantCulture)),
            ValueType.F32 => Value.FromF32Bits(uint.Parse(text, CultureInfo.InvariantCulture)),
            ValueType.F64 => Value.FromF64Bits(ulong.Parse(text, CultureInfo.InvariantCulture)),
            ValueType.ExternRef => Value.FromExternRef(text == "null" ? null : HostReference.Get(uint.Parse(text, CultureInfo.InvariantCulture))),
            ValueType.FuncRef when text == "null" => Value.FromFuncRef(null),
            _ => throw new InvalidOperationException($"unsupported value {value}"),
        };
    }

    private static ValueType ParseType(string type) => type switch
    {
        "i32" => ValueType.I32,
        "i64" => ValueType.I64,
        "f32" => ValueType.F32,
        "f64" => ValueType.F64,
        "v128" => ValueType.V128,
        "externref" => ValueType.ExternRef,
        "funcref" => ValueType.FuncRef,
        _ => throw new InvalidOperationException($"unsupported value type {type}"),
    };

    /// <summary>Expects a trap whose spec text begins the script's expected message (for example "uninitialized element 2").</summary>
    private static string? ExpectTrap(Action action, JsonElement command)
    {
        var expected = command.GetProperty("text").GetString()!;
        try
        {
            action();
        }
        catch (TrapException trap)
        {
            var text = TrapException.SpecText(trap.Kind);
            return expected.StartsWith(text, StringComparison.Ordinal) ? null : $"expected trap \"{expected}\", got \"{text}\"";
        }

        return $"expected trap \"{expected}\", but it completed";
    }

    private static string? ExpectFailure<TException>(Action action, JsonElement command)
        where TException : Exception
    {
        var expected = command.GetProperty("text").GetString()!;
        try
        {
            action();
        }
        catch (TException)
        {
            return null;
        }
        catch (UnsupportedFeatureException)
        {
            // The bytes are a later proposal's encoding (a tag import, a shared-memory flag, a second memory); this
            // engine rejects them as unsupported rather than malformed or invalid, which still rejects the module.
            return null;
        }
        catch (WasmException exception)
        {
            return $"expected {typeof(TException).Name} (\"{expected}\"), got {exception.GetType().Name}: {exception.Message}";
        }

        return $"expected {typeof(TException).Name} (\"{expected}\"), but it succeeded";
    }

    /// <summary>Defines the host module the spec scripts import from: printing functions that do nothing, a table, a memory and globals.</summary>
    private void DefineSpecTest()
    {
        void Print(string name, params ValueType[] parameters) =>
            _linker.Define("spectest", name, Function.FromCallback(new FunctionType(parameters, []), (_, _) => { }));
        Print("print");
        Print("print_i32", ValueType.I32);
        Print("print_i64", ValueType.I64);
        Print("print_f32", ValueType.F32);
        Print("print_f64", ValueType.F64);
        Print("print_i32_f32", ValueType.I32, ValueType.F32);
        Print("print_f64_f64", ValueType.F64, ValueType.F64);
        _linker.Define("spectest", "global_i32", new Global(new GlobalType(ValueType.I32, false), Value.FromI32(666)));
        _linker.Define("spectest", "global_i64", new Global(new GlobalType(ValueType.I64, false), Value.FromI64(666)));
        _linker.Define("spectest", "global_f32", new Global(new GlobalType(ValueType.F32, false), Value.FromF32(666.6f)));
        _linker.Define("spectest", "global_f64", new Global(new GlobalType(ValueType.F64, false), Value.FromF64(666.6)));
        _linker.Define("spectest", "table", new Table(_store, new TableType(ValueType.FuncRef, new Limits(10, 20)), Value.FromFuncRef(null)));
        _linker.Define("spectest", "memory", new Memory(_store, new MemoryType(new Limits(1, 2))));
    }
}

/// <summary>The host objects scripts pass as externref values ("ref.extern N"), one per number so identity is preserved.</summary>
internal static class HostReference
{
    private static readonly Dictionary<uint, object> s_objects = [];

    public static object Get(uint number)
    {
        lock (s_objects)
        {
            if (!s_objects.TryGetValue(number, out var found))
            {
                s_objects[number] = found = $"extern {number}";
            }

            return found;
        }
    }
}
