using System.Diagnostics;
using System.Text.Json;
using System.Globalization;
using System.Text;
using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Components.Conformance;

/// <summary>The outcome of one component-model .wast script.</summary>
/// <param name="Passed">Commands that behaved as the script expects.</param>
/// <param name="Failed">Commands that did not (each described in <paramref name="Failures"/>).</param>
/// <param name="Unsupported">Commands on a valid construct outside the supported subset, rejected with
/// <see cref="UnsupportedComponentFeatureException"/> (or the engine's <see cref="UnsupportedFeatureException"/>),
/// or invalid components rejected that way instead of by a validation rule.</param>
/// <param name="Skipped">Commands the converter or this runner cannot express (reasons in <paramref name="Reasons"/>).</param>
/// <param name="TrapMessageDiffers">assert_trap commands that trapped, but with a message other than the script's
/// (wasmtime's wording): neither passed nor failed (each described in <paramref name="Reasons"/>).</param>
/// <param name="Failures">One line-numbered entry per failed command.</param>
/// <param name="Reasons">Why commands were unsupported or skipped, one entry per command.</param>
internal sealed record ComponentWastResult(int Passed, int Failed, int Unsupported, int Skipped, int TrapMessageDiffers, IReadOnlyList<string> Failures, IReadOnlyList<string> Reasons);

/// <summary>
/// Runs the JSON command list plugins/tools/cm-wast2json.mjs makes of a component-model .wast script against
/// <see cref="Component.FromBytes"/> and <see cref="ComponentLinker"/>. Components are instantiated with an empty
/// linker: the suites' top-level components import nothing, and what they link to each other is nested-component
/// instantiation, outside the supported subset. Invocations (<c>assert_return</c>, <c>assert_trap</c>, <c>invoke</c>) call
/// the latest instance's exports through the dynamic call path, <see cref="ComponentInstance.GetDynamicFunction"/>.
/// </summary>
internal sealed class ComponentWastRunner
{
    /// <summary>How <see cref="ComponentLinker"/> reports imports the (empty) linker does not define: an invalid
    /// component failing only that way was not recognised as invalid.</summary>
    private const string MissingImports = "the linker does not define";

    private readonly Engine engine = new();
    private readonly Dictionary<string, Component?> definitions = [];
    private readonly string directory;
    private readonly List<string> reasons = [];

    /// <summary>The instance of the latest component or instance command, null when it was not instantiated.</summary>
    private ComponentInstance? current;

    /// <summary>Proposals the script enables beyond the default feature set (its RUN line), e.g. cm-async.</summary>
    private readonly IReadOnlyList<string> features;

    private ComponentWastRunner(string directory, IReadOnlyList<string> features)
    {
        this.directory = directory;
        this.features = features;
    }

    private enum Outcome
    {
        Passed,
        Failed,
        Unsupported,
        Skipped,
        TrapMessageDiffers,
    }

    /// <summary>Converts every script under <paramref name="suite"/> with one run of cm-wast2json.mjs into a
    /// temporary directory, then runs each; keys are the scripts' paths relative to <paramref name="suite"/>.</summary>
    public static SortedDictionary<string, ComponentWastResult> RunSuite(string suite)
    {
        var output = Directory.CreateTempSubdirectory("witsharp-cm-wast");
        try
        {
            Convert(suite, output.FullName);
            var results = new SortedDictionary<string, ComponentWastResult>(StringComparer.Ordinal);
            foreach (var json in Directory.EnumerateFiles(output.FullName, "*.json", SearchOption.AllDirectories))
            {
                var script = Path.ChangeExtension(Path.GetRelativePath(output.FullName, json), ".wast");
                results[script] = Run(json);
            }

            return results;
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    /// <summary>Converts and runs one script.</summary>
    public static ComponentWastResult RunScript(string wastPath)
    {
        var output = Directory.CreateTempSubdirectory("witsharp-cm-wast");
        try
        {
            Convert(wastPath, output.FullName);
            return Run(Path.Combine(output.FullName, Path.ChangeExtension(Path.GetFileName(wastPath), ".json")));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static ComponentWastResult Run(string jsonPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        var features = document.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToList();
        return new ComponentWastRunner(Path.GetDirectoryName(jsonPath)!, features).Execute(document.RootElement.GetProperty("commands"));
    }

    /// <summary>Runs cm-wast2json.mjs on a script or a directory of scripts.</summary>
    public static void Convert(string input, string outputDirectory)
    {
        var script = Path.Combine(TestFiles.RepositoryRoot, "plugins", "tools", "cm-wast2json.mjs");
        var start = new ProcessStartInfo("node", [script, input, outputDirectory]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cm-wast2json failed on {input}: {errors.Result}");
        }
    }

    private ComponentWastResult Execute(JsonElement commands)
    {
        var counts = new int[5];
        var failures = new List<string>();
        foreach (var command in commands.EnumerateArray())
        {
            var type = command.GetProperty("type").GetString()!;
            var where = $"line {command.GetProperty("line").GetInt32()}: {type}";
            Outcome outcome;
            string? detail;
            if (command.TryGetProperty("skipped", out var skipped))
            {
                if (type is "component" or "instance")
                {
                    current = null; // later invocations target the component that could not be converted
                }

                (outcome, detail) = (Outcome.Skipped, skipped.GetString());
            }
            else
            {
                (outcome, detail) = ExecuteCommand(type, command);
            }

            counts[(int)outcome]++;
            switch (outcome)
            {
                case Outcome.Failed:
                    failures.Add($"{where}: {detail}");
                    break;
                case Outcome.Unsupported or Outcome.Skipped:
                    reasons.Add($"{outcome.ToString().ToLowerInvariant()}: {type}: {detail}");
                    break;
                case Outcome.TrapMessageDiffers:
                    reasons.Add($"trap message differs: {detail}");
                    break;
            }
        }

        return new ComponentWastResult(counts[0], counts[1], counts[2], counts[3], counts[4], failures, reasons);
    }

    private (Outcome Outcome, string? Detail) ExecuteCommand(string type, JsonElement command)
    {
        switch (type)
        {
            case "component":
                current = null;
                return MustBeValid(command);
            case "instance":
                current = null;
                var definition = command.GetProperty("definition").GetString()!;
                if (!definitions.TryGetValue(definition, out var component) || component is null)
                {
                    return (Outcome.Unsupported, $"definition {definition} was not loaded");
                }

                return Instantiates(component);
            case "assert_invalid" or "assert_malformed":
                return MustBeRejected(command);
            case "assert_unlinkable":
                // The runner's linker is empty, so any import is unlinkable: only crashes are observable.
                return Load(command) is { Outcome: Outcome.Failed, Detail: var crash } ? (Outcome.Failed, crash) : (Outcome.Skipped, "the runner provides no imports to mismatch");
            case "assert_trap" when command.TryGetProperty("filename", out _):
                return InstantiationTraps(command);
            case "assert_return" or "assert_trap" or "action":
                return current is null
                    ? (Outcome.Skipped, "the component it calls was not instantiated (outside the supported subset)")
                    : Invoke(type, command, current);
            default:
                return (Outcome.Skipped, $"command {type} is not supported");
        }
    }

    /// <summary>Loads the command's binary: a component, or a core module for kind "module". A crash (any exception
    /// but the typed load errors) is a failure here; other errors are left to the caller.</summary>
    private (Outcome Outcome, string? Detail, Component? Component, Exception? Error) Load(JsonElement command)
    {
        var bytes = File.ReadAllBytes(Path.Combine(directory, command.GetProperty("filename").GetString()!));
        try
        {
            if (command.GetProperty("kind").GetString() == "module")
            {
                _ = Module.FromBytes(engine, bytes);
                return (Outcome.Passed, null, null, null);
            }

            return (Outcome.Passed, null, Component.FromBytes(engine, bytes), null);
        }
        catch (Exception error) when (error is UnsupportedComponentFeatureException or UnsupportedFeatureException)
        {
            return (Outcome.Unsupported, error.Message, null, error);
        }
        catch (Exception error) when (error is ComponentFormatException or ModuleLoadException)
        {
            return (Outcome.Passed, null, null, error);
        }
        catch (Exception error)
        {
            return (Outcome.Failed, Crash(error), null, error);
        }
    }

    private (Outcome Outcome, string? Detail) MustBeValid(JsonElement command)
    {
        var (outcome, detail, component, error) = Load(command);
        if (command.TryGetProperty("name", out var name))
        {
            definitions[name.GetString()!] = component;
        }

        if (outcome != Outcome.Passed)
        {
            return (outcome, detail);
        }

        if (error is not null)
        {
            // A script that enables proposals holds components valid only with them: outside the subset, not wrong.
            return features.Count > 0
                ? (Outcome.Unsupported, $"valid with {string.Join(", ", features)} only: {error.Message}")
                : (Outcome.Failed, $"a valid binary was rejected: {error.Message}");
        }

        return component is not null && command.GetProperty("instantiate").GetBoolean() ? Instantiates(component) : (Outcome.Passed, null);
    }

    private (Outcome Outcome, string? Detail) Instantiates(Component component)
    {
        try
        {
            current = new ComponentLinker(engine).Instantiate(new Store(engine), component);
            return (Outcome.Passed, null);
        }
        catch (UnsupportedComponentFeatureException error)
        {
            return (Outcome.Unsupported, error.Message);
        }
        catch (LinkException error)
        {
            return (Outcome.Unsupported, $"imports the runner does not provide: {error.Message}");
        }
        catch (Exception error) when (error is ComponentFormatException or TrapException)
        {
            return (Outcome.Failed, $"instantiating a valid component failed: {error.GetType().Name}: {error.Message}");
        }
        catch (Exception error)
        {
            return (Outcome.Failed, Crash(error));
        }
    }

    private (Outcome Outcome, string? Detail) MustBeRejected(JsonElement command)
    {
        var expected = command.TryGetProperty("text", out var text) ? text.GetString() : null;
        var (outcome, detail, component, rejection) = Load(command);
        if (outcome != Outcome.Passed)
        {
            return (outcome, detail);
        }

        if (rejection is not null)
        {
            return (Outcome.Passed, null);
        }

        if (component is null)
        {
            return (Outcome.Failed, $"core module accepted (expected \"{expected}\")");
        }

        try
        {
            _ = new ComponentLinker(engine).Instantiate(new Store(engine), component);
            return (Outcome.Failed, $"accepted and instantiated (expected \"{expected}\")");
        }
        catch (UnsupportedComponentFeatureException error)
        {
            return (Outcome.Unsupported, error.Message);
        }
        catch (ComponentFormatException)
        {
            return (Outcome.Passed, null);
        }
        catch (LinkException error) when (!error.Message.Contains(MissingImports, StringComparison.Ordinal))
        {
            return (Outcome.Passed, null); // rejected when instantiation resolved it, still before any guest code ran
        }
        catch (Exception error) when (error is LinkException or TrapException)
        {
            return (Outcome.Failed, $"accepted at load (expected \"{expected}\"); instantiation then failed: {error.Message}");
        }
        catch (Exception error)
        {
            return (Outcome.Failed, Crash(error));
        }
    }

    private (Outcome Outcome, string? Detail) InstantiationTraps(JsonElement command)
    {
        var (outcome, detail, component, error) = Load(command);
        if (outcome != Outcome.Passed)
        {
            return (outcome, detail);
        }

        if (component is null)
        {
            return error is null ? (Outcome.Skipped, "a trapping core module is the engine's suite's business") : (Outcome.Failed, $"a valid binary was rejected: {error.Message}");
        }

        var (instantiated, why) = Instantiates(component);
        return instantiated switch
        {
            Outcome.Passed => (Outcome.Failed, "instantiation did not trap"),
            Outcome.Failed when why!.Contains(nameof(TrapException), StringComparison.Ordinal) => (Outcome.Passed, null),
            _ => (instantiated, why),
        };
    }

    /// <summary>Calls the action's export with the script's arguments and checks the result or the trap.</summary>
    private static (Outcome Outcome, string? Detail) Invoke(string type, JsonElement command, ComponentInstance instance)
    {
        var action = command.GetProperty("action");
        if (action.TryGetProperty("instance", out var named))
        {
            return (Outcome.Skipped, $"the runner calls only the latest instance, not {named.GetString()}");
        }

        var field = action.GetProperty("field").GetString()!;
        var separator = field.LastIndexOf('#');
        ComponentFunction function;
        try
        {
            function = instance.GetDynamicFunction(separator < 0 ? null : field[..separator], separator < 0 ? field : field[(separator + 1)..]);
        }
        catch (UnsupportedComponentFeatureException error)
        {
            return (Outcome.Unsupported, error.Message);
        }
        catch (KeyNotFoundException error)
        {
            return (Outcome.Failed, error.Message);
        }

        ComponentValue? result;
        try
        {
            result = function.Invoke(action.GetProperty("args").EnumerateArray().Select(ToValue).ToArray());
        }
        catch (Exception error) when (error is TrapException or CanonicalAbiTrapException)
        {
            if (type != "assert_trap")
            {
                return (Outcome.Failed, $"{field} trapped: {error.GetType().Name}: {error.Message}");
            }

            var expected = command.TryGetProperty("text", out var text) ? text.GetString() ?? string.Empty : string.Empty;
            return Mentions(error, expected)
                ? (Outcome.Passed, null)
                : (Outcome.TrapMessageDiffers, $"{field}: expected \"{expected}\", got {error.GetType().Name}: {error.Message}");
        }
        catch (ArgumentException error)
        {
            return (Outcome.Failed, $"{field} refused the script's arguments: {error.Message}");
        }
        catch (Exception error)
        {
            return (Outcome.Failed, Crash(error));
        }

        switch (type)
        {
            case "assert_trap":
                return (Outcome.Failed, $"{field} returned {result?.ToString() ?? "nothing"} instead of trapping");
            case "assert_return":
                var expected = command.GetProperty("expected").EnumerateArray().Select(ToValue).SingleOrDefault();
                return Equals(expected, result) ? (Outcome.Passed, null) : (Outcome.Failed, $"{field} returned {result?.ToString() ?? "nothing"}, expected {expected?.ToString() ?? "nothing"}");
            default:
                return (Outcome.Passed, null);
        }
    }

    /// <summary>Whether a trap's message (or an inner exception's: a host import's failure wraps the cause) contains the
    /// script's expected text.</summary>
    private static bool Mentions(Exception error, string expected)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e.Message.Contains(expected, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A value as cm-wast2json.mjs writes it (see its header) as a <see cref="ComponentValue"/>.</summary>
    private static ComponentValue ToValue(JsonElement value)
    {
        var type = value.GetProperty("type").GetString()!;
        var payload = value.GetProperty("value");
        ComponentValue? Optional() => payload.ValueKind == JsonValueKind.Null ? null : ToValue(payload);
        return type switch
        {
            "bool" => ComponentValue.Bool(payload.GetString() == "true"),
            "s8" => ComponentValue.S8((sbyte)Integer(payload.GetString()!)),
            "u8" => ComponentValue.U8((byte)Integer(payload.GetString()!)),
            "s16" => ComponentValue.S16((short)Integer(payload.GetString()!)),
            "u16" => ComponentValue.U16((ushort)Integer(payload.GetString()!)),
            "s32" => ComponentValue.S32((int)Integer(payload.GetString()!)),
            "u32" => ComponentValue.U32((uint)Integer(payload.GetString()!)),
            "s64" => ComponentValue.S64((long)Integer(payload.GetString()!)),
            "u64" => ComponentValue.U64((ulong)Integer(payload.GetString()!)),
            "f32" => ComponentValue.F32((float)Float(payload.GetString()!)),
            "f64" => ComponentValue.F64(Float(payload.GetString()!)),
            "char" => ComponentValue.Char(Rune.GetRuneAt(payload.GetString()!, 0)),
            "string" => ComponentValue.String(payload.GetString()!),
            "list" => ComponentValue.List(payload.EnumerateArray().Select(ToValue)),
            "tuple" => ComponentValue.Tuple(payload.EnumerateArray().Select(ToValue)),
            "record" => ComponentValue.Record(payload.EnumerateArray().Select(f => KeyValuePair.Create(f.GetProperty("name").GetString()!, ToValue(f.GetProperty("value"))))),
            "variant" => ComponentValue.Variant(value.GetProperty("case").GetString()!, Optional()),
            "enum" => ComponentValue.Enum(payload.GetString()!),
            "flags" => ComponentValue.Flags(payload.EnumerateArray().Select(f => f.GetString()!)),
            "option" => Optional() is { } some ? ComponentValue.Some(some) : ComponentValue.None,
            "result" => value.GetProperty("ok").GetBoolean() ? ComponentValue.Ok(Optional()) : ComponentValue.Err(Optional()),
            _ => throw new InvalidDataException($"cm-wast2json wrote a value of unknown type {type}"),
        };
    }

    /// <summary>A .wast integer literal (decimal or 0x hex, optional sign and underscores) as its two's-complement bits,
    /// so that a negative literal of an unsigned type and a large one of a signed type both keep their bit pattern.</summary>
    private static ulong Integer(string literal)
    {
        var text = literal.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = text.StartsWith('-');
        text = text.TrimStart('-', '+');
        var magnitude = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : ulong.Parse(text, CultureInfo.InvariantCulture);
        return negative ? unchecked(0 - magnitude) : magnitude;
    }

    /// <summary>A .wast float literal: decimal, <c>inf</c>, or any <c>nan</c> form (every NaN compares equal).</summary>
    private static double Float(string literal)
    {
        var text = literal.Replace("_", string.Empty, StringComparison.Ordinal);
        var sign = text.StartsWith('-') ? -1.0 : 1.0;
        var unsigned = text.TrimStart('-', '+');
        return unsigned.StartsWith("nan", StringComparison.Ordinal) ? double.NaN
            : unsigned == "inf" ? sign * double.PositiveInfinity
            : double.Parse(text, CultureInfo.InvariantCulture);
    }

    private static string Crash(Exception error) => $"crashed with {error.GetType().FullName}: {error.Message}\n{error.StackTrace}";
}
