using System.Diagnostics;
using System.Linq.Expressions;
using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.HostRuntime.Wasi;
using WitSharp.Wasm;
using WitSharp.Wit;
using Xunit.Abstractions;
using WasmValueType = WitSharp.Wasm.ValueType;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// Loads every <c>*.wasm</c> under the directory COMPONENT_FIXTURES_DIR names (components built by other toolchains,
/// collected locally; nothing of them is committed) and classifies each: instantiated, rejected with a typed exception
/// naming the construct, or crashed (any other exception, or a hang). Each loaded component is also dry-run by
/// <see cref="ComponentChecker"/> against the plugin world. Imports are the WASI host's, every other function is a stub
/// that fails when called. A component exporting <c>wasi:cli/run</c> is run. COMPONENT_FIXTURES_FUZZ_ROUNDS adds
/// mutations of every file. Without the variables the tests only say so. docs/third-party-components.md describes how
/// to collect the files and what was measured.
/// </summary>
public sealed class ThirdPartyComponentTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(10);
    private static readonly Lazy<WitWorld> PluginWorld =
        new(() => ComponentCheckerTests.World(File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "wit", "plugins.wit"))));

    [Fact]
    public async Task Every_component_loads_or_is_rejected_with_a_typed_exception()
    {
        if (Fixtures() is not { } files)
        {
            return;
        }

        var engine = new Engine();
        var rows = new List<(string File, Outcome Outcome, string Detail)>();
        foreach (var (file, bytes) in files)
        {
            var watch = Stopwatch.StartNew();
            var (outcome, detail) = await WithinLimit(() => Try(engine, bytes, mutated: false));
            rows.Add((file, outcome, $"{detail} [{watch.ElapsedMilliseconds} ms]"));
        }

        foreach (var group in rows.GroupBy(r => r.Outcome).OrderBy(g => g.Key))
        {
            output.WriteLine($"{group.Key}: {group.Count()}");
        }

        foreach (var (file, outcome, detail) in rows)
        {
            output.WriteLine($"| {file} | {outcome} | {detail.ReplaceLineEndings(" ")} |");
        }

        Assert.DoesNotContain(rows, r => r.Outcome == Outcome.Crashed);
    }

    /// <summary>COMPONENT_FIXTURES_FUZZ_ROUNDS mutations of each component (up to 300 kB) through load and instantiation:
    /// each must instantiate or be rejected with a typed exception.</summary>
    [Fact]
    public async Task Mutated_components_load_or_are_rejected_with_a_typed_exception()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("COMPONENT_FIXTURES_FUZZ_ROUNDS"), out var parsed) ? parsed : 0;
        if (Fixtures() is not { } files || rounds <= 0)
        {
            output.WriteLine("COMPONENT_FIXTURES_FUZZ_ROUNDS is not set; no mutations run.");
            return;
        }

        var engine = new Engine();
        var crashes = new List<string>();
        int instantiated = 0, rejected = 0;
        foreach (var (file, original) in files.Where(f => f.Bytes.Length <= 300_000))
        {
            var random = new Random(file.Length);
            for (var round = 0; round < rounds; round++)
            {
                var mutated = round % 2 == 0 ? HostileComponentTests.Mutate(original, random) : MutateDefinitions(original, random);
                var (outcome, detail) = await WithinLimit(() => Try(engine, mutated, mutated: true));
                instantiated += outcome == Outcome.Instantiated ? 1 : 0;
                rejected += outcome == Outcome.Rejected ? 1 : 0;
                if (outcome == Outcome.Crashed)
                {
                    crashes.Add($"{file} round {round}: {detail.ReplaceLineEndings(" ")}");
                }
            }
        }

        output.WriteLine($"mutations: {instantiated} instantiated, {rejected} rejected, {crashes.Count} crashed");
        crashes.ForEach(output.WriteLine);
        Assert.Empty(crashes);
    }

    /// <summary>Changes one to three bytes inside the component-level sections other than core modules and custom
    /// sections, keeping every section's size, so that the edits reach indexes, sorts and types rather than framing.</summary>
    private static byte[] MutateDefinitions(byte[] original, Random random)
    {
        var payloads = new List<(int Start, int Length)>();
        for (var at = 8; at < original.Length;)
        {
            var id = original[at++];
            uint size = 0;
            for (var shift = 0; at < original.Length; shift += 7)
            {
                var b = original[at++];
                size |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            if (id is not (0 or 1) && size > 0)
            {
                payloads.Add((at, (int)Math.Min(size, (uint)(original.Length - at))));
            }

            at += (int)size;
        }

        var mutated = (byte[])original.Clone();
        if (payloads.Count == 0)
        {
            return mutated;
        }

        var (start, length) = payloads[random.Next(payloads.Count)];
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = start + random.Next(length);
            mutated[at] = random.Next(3) switch
            {
                0 => (byte)(mutated[at] ^ (1 << random.Next(8))),
                1 => (byte)(mutated[at] + random.Next(-2, 3)),
                _ => (byte)random.Next(256),
            };
        }

        return mutated;
    }

    private List<(string File, byte[] Bytes)>? Fixtures()
    {
        var root = Environment.GetEnvironmentVariable("COMPONENT_FIXTURES_DIR");
        if (string.IsNullOrEmpty(root))
        {
            output.WriteLine("COMPONENT_FIXTURES_DIR is not set; third-party components not run.");
            return null;
        }

        return Directory.EnumerateFiles(root, "*.wasm", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(root, path), File.ReadAllBytes(path))).ToList();
    }

    private static async Task<(Outcome, string)> WithinLimit(Func<(Outcome, string)> attempt)
    {
        var task = Task.Run(attempt);
        return await Task.WhenAny(task, Task.Delay(PerFileLimit)) == task ? await task : (Outcome.Crashed, $"no result after {PerFileLimit.TotalSeconds} s");
    }

    /// <summary>What became of one file.</summary>
    private enum Outcome
    {
        /// <summary>Loaded and instantiated (with stubs for non-WASI imports).</summary>
        Instantiated,

        /// <summary>Rejected with a typed exception: unsupported construct, core feature or WASI interface, not a component.</summary>
        Rejected,

        /// <summary>Anything else: an untyped exception, a hang, or a typed one where the file is valid.</summary>
        Crashed,
    }

    private static (Outcome, string) Try(Engine engine, byte[] bytes, bool mutated)
    {
        Component component;
        try
        {
            component = Component.FromBytes(engine, bytes);
        }
        catch (Exception e) when (e is ComponentFormatException or ModuleLoadException or UnsupportedFeatureException)
        {
            return (Outcome.Rejected, $"load: {e.GetType().Name}: {e.Message}");
        }
        catch (Exception e)
        {
            return (Outcome.Crashed, $"load: {e}");
        }

        string signature;
        try
        {
            // The dry run against the plugin world: a list of mismatches, whatever the component is.
            var mismatches = ComponentChecker.Check(component, PluginWorld.Value);
            signature = $"{component.Signature.Imports.Count} imports, {component.Signature.Exports.Count} exports, {mismatches.Count} plugin-world mismatches";
        }
        catch (Exception e) when (mutated && e is ComponentFormatException)
        {
            return (Outcome.Rejected, $"check: {e.GetType().Name}: {e.Message}");
        }
        catch (Exception e)
        {
            return (Outcome.Crashed, $"check: {e}");
        }

        var logger = new CapturingLogger();
        using var cancellation = new CancellationTokenSource(RunLimit);
        using var wasi = new WasiHost(new WasiConfiguration { Logger = logger, Cancellation = cancellation.Token });
        var linker = new ComponentLinker(engine);
        var names = component.Signature.Imports.Select(i => i.Name).ToList();
        var unsupportedWasi = names.Where(IsUnsupportedWasi).ToList();
        ComponentInstance instance;
        var store = new Store(engine);
        try
        {
            wasi.DefineImports(linker, names.Except(unsupportedWasi));
            DefineStubs(linker, component);
            instance = linker.Instantiate(store, component);
        }
        catch (Exception e) when (e is UnsupportedComponentFeatureException or LinkException || (mutated && e is ComponentFormatException or TrapException))
        {
            // Refusals that need the linker or the engine: an alias of an export an instance lacks, a core import a
            // world does not declare, an option naming a function of the wrong type.
            return (Outcome.Rejected, $"{signature}; instantiate: {e.GetType().Name}: {e.Message}");
        }
        catch (Exception e)
        {
            return (Outcome.Crashed, $"{signature}; instantiate: {e}");
        }

        var notes = unsupportedWasi.Count > 0 ? $"; stubs for unsupported WASI {string.Join(", ", unsupportedWasi)}" : string.Empty;
        if (mutated)
        {
            return (Outcome.Instantiated, $"{signature}{notes}");
        }

        var ran = Run(store, instance, component, wasi, logger);
        var (calls, crashed) = CallScalarExports(store, instance);
        return (crashed ? Outcome.Crashed : Outcome.Instantiated, $"{signature}{notes}{ran}{calls}");
    }

    private static bool IsUnsupportedWasi(string name)
    {
        if (!WasiImportName.IsWasi(name))
        {
            return false;
        }

        try
        {
            WasiImportName.ParseSupported(name, WasiHost.Interfaces);
            return false;
        }
        catch (UnsupportedWasiImportException)
        {
            return true;
        }
    }

    /// <summary>Every imported function the linker lacks becomes a stub of the right core type that fails when called.</summary>
    private static void DefineStubs(ComponentLinker linker, Component component)
    {
        // A core module with a component-type section imports what its world declares.
        var (imports, scope) = component.EmbeddedWorld is { } world
            ? (world.Externs.Where(e => e.IsImport).Select(e => (e.Name, e.Type)), world)
            : (component.Definition.Imports.Select(i => (i.Name, i.Type)), component.Scope);
        foreach (var (name, type) in imports)
        {
            if (type.Kind == ExternKind.Func)
            {
                DefineStub(linker, HostFunctionImport.Create(null, name.Name, type.Index, scope));
            }
            else if (type.Kind == ExternKind.Instance && scope.InstanceTypeScope(type.Index) is { } instance)
            {
                foreach (var (_, member, memberType) in instance.Externs.Where(e => e.Type.Kind == ExternKind.Func))
                {
                    DefineStub(linker, HostFunctionImport.Create(name.Name, member.Name, memberType.Index, instance));
                }
            }
        }
    }

    private static void DefineStub(ComponentLinker linker, HostFunctionImport import)
    {
        if (linker.FindFunction(import.InstanceName, import.Name) is not null)
        {
            return;
        }

        var core = CoreSignature.ForLower(import.Type, import.Scope);
        var parameters = core.Parameters.Select(p => Expression.Parameter(ClrType(p))).ToList();
        var result = core.Results.Count == 0 ? typeof(void) : ClrType(core.Results[0]);
        var delegateType = Expression.GetDelegateType([.. parameters.Select(p => p.Type), result]);
        var body = Expression.Throw(Expression.Constant(new NotSupportedException($"stub import {import.DisplayName} called")), result);
        var stub = Expression.Lambda(delegateType, body, parameters).Compile();
        linker.DefineFunction(import.InstanceName, import.Name, _ => stub);
    }

    private static Type ClrType(WasmValueType type) => type switch
    {
        WasmValueType.I32 => typeof(int),
        WasmValueType.I64 => typeof(long),
        WasmValueType.F32 => typeof(float),
        WasmValueType.F64 => typeof(double),
        _ => throw new NotSupportedException($"core type {type} in a lowered signature"),
    };

    /// <summary>
    /// Calls, through the dynamic call path, every exported function (other than <c>wasi:cli/run</c>) whose parameters
    /// are all numbers, bools or chars, with zeros, each with a deadline, until one traps (which poisons the instance).
    /// A trap is a result like any other (stubbed imports fail when called); anything but a trap or a function the
    /// dynamic path reports unsupported is a crash.
    /// </summary>
    private static (string Calls, bool Crashed) CallScalarExports(Store store, ComponentInstance instance)
    {
        var calls = new List<string>();
        foreach (var (interfaceName, name) in instance.ExportedFunctions)
        {
            if (instance.Trap is not null)
            {
                break;
            }

            if (interfaceName?.StartsWith("wasi:cli/run@", StringComparison.Ordinal) == true)
            {
                continue;
            }

            try
            {
                var function = instance.GetDynamicFunction(interfaceName, name);
                if (function.Type.Parameters.Any(p => Zero(p.Type.Kind) is null))
                {
                    continue;
                }

                store.DeadlineUtc = DateTime.UtcNow + RunLimit;
                var arguments = function.Type.Parameters.Select(p => Zero(p.Type.Kind)!).ToArray();
                var result = function.Invoke(arguments)?.ToString() ?? "()";
                calls.Add($"{function.Name} = {(result.Length > 60 ? result[..60] + "..." : result)}");
            }
            catch (Exception e) when (e is TrapException or CanonicalAbiTrapException or UnsupportedComponentFeatureException)
            {
                calls.Add($"{name}: {e.GetType().Name}: {(e.InnerException ?? e).Message}");
            }
            catch (Exception e)
            {
                return ($"; dynamic call of {name} crashed: {e}", true);
            }
        }

        return (calls.Count == 0 ? string.Empty : $"; calls: {string.Join(" / ", calls)}", false);
    }

    /// <summary>The zero of a number, bool or char type; null for every other kind.</summary>
    private static ComponentValue? Zero(ComponentValueKind kind) => kind switch
    {
        ComponentValueKind.Bool => ComponentValue.Bool(false),
        ComponentValueKind.S8 => ComponentValue.S8(0),
        ComponentValueKind.U8 => ComponentValue.U8(0),
        ComponentValueKind.S16 => ComponentValue.S16(0),
        ComponentValueKind.U16 => ComponentValue.U16(0),
        ComponentValueKind.S32 => ComponentValue.S32(0),
        ComponentValueKind.U32 => ComponentValue.U32(0),
        ComponentValueKind.S64 => ComponentValue.S64(0),
        ComponentValueKind.U64 => ComponentValue.U64(0),
        ComponentValueKind.F32 => ComponentValue.F32(0),
        ComponentValueKind.F64 => ComponentValue.F64(0),
        ComponentValueKind.Char => ComponentValue.Char(new System.Text.Rune('a')),
        _ => null,
    };

    /// <summary>Runs <c>wasi:cli/run</c> if the component exports it (with a deadline), reporting result and output.</summary>
    private static string Run(Store store, ComponentInstance instance, Component component, WasiHost wasi, CapturingLogger logger)
    {
        var run = component.Signature.Exports.FirstOrDefault(e => e.Name.StartsWith("wasi:cli/run@", StringComparison.Ordinal));
        if (run is null)
        {
            return string.Empty;
        }

        store.DeadlineUtc = DateTime.UtcNow + RunLimit;
        string outcome;
        try
        {
            outcome = instance.GetDynamicFunction(run.Name, "run").Invoke()!.IsOk ? "ok" : "err";
        }
        catch (TrapException e)
        {
            outcome = $"trap {e.Kind}: {(e.InnerException ?? e).Message}";
        }

        wasi.FlushOutput();
        var printed = string.Join(" / ", logger.Lines.Take(3));
        return $"; run: {outcome}; output: {printed}";
    }
}
