using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.HostRuntime.Wasi;
using WitSharp.Wasm;
using StringEncoding = WitSharp.HostRuntime.CanonicalAbi.StringEncoding;
using ValueType = WitSharp.Wasm.ValueType;

namespace WitSharp.HostRuntime.Tests.Wasi;

/// <summary>
/// Runs the two core modules that matter in a wasi-libc component — the C program and jco's preview1 adapter —
/// directly on the engine, wired the way wit-component wires them (program -> adapter via
/// wasi_snapshot_preview1, adapter -> program memory and <c>__main_module__</c>, adapter -> WASI lowerings with
/// the program's memory and the adapter's <c>cabi_import_realloc</c>). Test scaffolding so the WASI host runs real
/// guests on the real engine independently of the component runtime; <c>canon resource.drop</c> is done here too.
/// </summary>
internal sealed class AdapterModuleRunner
{
    private readonly Instance program;
    private readonly Instance adapter;

    public AdapterModuleRunner(byte[] component, WasiHost host)
    {
        var engine = new Engine();
        Store = new Store(engine);
        var modules = ComponentDecoder.Decode(component).Component.CoreModules
            .Select(m => Module.FromBytes(engine, m.Binary.ToArray())).ToList();
        var programModule = modules.Single(m => m.Imports.Any(i => i.Module == "wasi_snapshot_preview1"));
        var adapterModule = modules.Single(m => m.Imports.Any(i => i.Module == "env" && i.Name == "memory"));

        Instance? adapterInstance = null;
        var programLinker = new Linker(engine);
        foreach (var import in programModule.Imports.Where(i => i.Module == "wasi_snapshot_preview1"))
        {
            // The adapter is instantiated after the program (it needs the program's memory): calls go through late.
            programLinker.DefineFunction(import.Module, import.Name, import.FunctionType!,
                (arguments, results) => adapterInstance!.GetFunction(import.Name)!.Invoke(arguments).CopyTo(results));
        }

        program = programLinker.Instantiate(Store, programModule);
        Memory = program.GetMemory("memory")!;

        var imports = new FakeImports();
        host.DefineImports(imports, ComponentSignature.Read(component).Imports.Select(i => i.Name));
        var componentInterfaces = imports.Functions.Keys.Select(k => k.Instance).Distinct().ToDictionary(n => n[..n.IndexOf('@')]);
        var options = new CanonicalOptions(new EngineMemory(Memory), (a, b, c, d) => Call(adapter!, "cabi_import_realloc", a, b, c, d),
            StringEncoding.Utf8, new ResourceTables());

        var adapterLinker = new Linker(engine);
        adapterLinker.Define("env", "memory", Memory);
        foreach (var import in adapterModule.Imports)
        {
            if (import.Module == "__main_module__")
            {
                adapterLinker.Define(import.Module, import.Name, program.GetFunction(import.Name)!);
                continue;
            }

            if (!import.Module.StartsWith("wasi:", StringComparison.Ordinal))
            {
                continue;
            }

            var instance = componentInterfaces.GetValueOrDefault(import.Module[..import.Module.IndexOf('@')], import.Module);
            if (import.Name.StartsWith("[resource-drop]", StringComparison.Ordinal))
            {
                var key = $"{instance}#{import.Name["[resource-drop]".Length..]}";
                adapterLinker.DefineFunction(import.Module, import.Name, import.FunctionType!, (arguments, _) =>
                {
                    var representation = options.Resources.For(key).Remove(arguments[0].AsI32());
                    imports.Destructors.GetValueOrDefault(key)?.Invoke(representation);
                });
                continue;
            }

            var core = imports.Functions[(instance, import.Name)](options);
            adapterLinker.DefineFunction(import.Module, import.Name, import.FunctionType!, (arguments, results) =>
            {
                var boxed = new object[arguments.Length];
                for (var i = 0; i < arguments.Length; i++)
                {
                    boxed[i] = arguments[i].Type == ValueType.I64 ? (object)arguments[i].AsI64() : arguments[i].AsI32();
                }

                object? result;
                try
                {
                    result = core.DynamicInvoke(boxed);
                }
                catch (System.Reflection.TargetInvocationException exception) when (exception.InnerException is { } inner)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                    throw;
                }

                if (results.Length == 1)
                {
                    results[0] = result is long wide ? Value.FromI64(wide) : Value.FromI32((int)result!);
                }
            });
        }

        adapter = adapterInstance = adapterLinker.Instantiate(Store, adapterModule);
    }

    public Store Store { get; }

    public Memory Memory { get; }

    /// <summary>Calls an export of the C program.</summary>
    public Value[] CallProgram(string name, params Value[] arguments) => program.GetFunction(name)!.Invoke(arguments);

    /// <summary>Calls an export of the adapter (e.g. <c>wasi:cli/run@0.2.12#run</c>).</summary>
    public Value[] CallAdapter(string name) => adapter.GetFunction(name)!.Invoke([]);

    /// <summary>Copies a string into program memory through its cabi_realloc, as a string argument is lowered.</summary>
    public (Value Pointer, Value Length) String(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var pointer = Call(program, "cabi_realloc", 0, 0, 1, bytes.Length);
        bytes.CopyTo(Memory.Span[pointer..]);
        return (Value.FromI32(pointer), Value.FromI32(bytes.Length));
    }

    private static int Call(Instance instance, string name, int a, int b, int c, int d) =>
        instance.GetFunction(name)!.Invoke([Value.FromI32(a), Value.FromI32(b), Value.FromI32(c), Value.FromI32(d)])[0].AsI32();

    private sealed class EngineMemory(Memory memory) : GuestMemory
    {
        public override Span<byte> Bytes => memory.Span;
    }

    private sealed class FakeImports : IComponentImports
    {
        public Dictionary<(string Instance, string Function), ImportLowering> Functions { get; } = [];

        public Dictionary<string, Action<int>> Destructors { get; } = [];

        public void DefineFunction(string? instanceName, string functionName, ImportLowering lowering) => Functions.Add((instanceName!, functionName), lowering);

        public void DefineResourceDestructor(string instanceName, string resourceName, Action<int> destructor) =>
            Destructors.Add($"{instanceName}#{resourceName}", destructor);
    }
}
