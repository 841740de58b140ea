namespace WitSharp.Wasm;

/// <summary>Resolves a module's imports by module and field name and instantiates it.</summary>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), Extern> _definitions = [];

    /// <summary>Creates an empty linker for <paramref name="engine"/>.</summary>
    /// <param name="engine">The engine.</param>
    public Linker(Engine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
    }

    /// <summary>The engine.</summary>
    public Engine Engine { get; }

    /// <summary>Defines (or replaces) an import.</summary>
    /// <param name="module">The import module name.</param>
    /// <param name="name">The import field name.</param>
    /// <param name="item">The function, table, memory or global.</param>
    /// <returns>This linker.</returns>
    public Linker Define(string module, string name, Extern item)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(item);
        _definitions[(module, name)] = item;
        return this;
    }

    /// <summary>Defines every export of <paramref name="instance"/> under module name <paramref name="module"/>.</summary>
    /// <param name="module">The import module name.</param>
    /// <param name="instance">The instance.</param>
    /// <returns>This linker.</returns>
    public Linker DefineInstance(string module, Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        foreach (var (name, item) in instance.Exports)
        {
            Define(module, name, item);
        }

        return this;
    }

    /// <summary>Defines a host function with an untyped callback.</summary>
    /// <param name="module">The import module name.</param>
    /// <param name="name">The import field name.</param>
    /// <param name="type">The function's signature.</param>
    /// <param name="callback">The implementation.</param>
    /// <returns>This linker.</returns>
    public Linker DefineFunction(string module, string name, FunctionType type, HostCallback callback)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(callback);
        return Define(module, name, new HostFunction(type, callback));
    }

    /// <summary>Defines a host function implemented by a typed delegate (see <see cref="Function.FromDelegate"/>); guest calls do not box or allocate.</summary>
    /// <param name="module">The import module name.</param>
    /// <param name="name">The import field name.</param>
    /// <param name="callback">The implementation, for example a <c>Func&lt;int, int, int&gt;</c>; its signature gives the wasm type.</param>
    /// <returns>This linker.</returns>
    /// <exception cref="ArgumentException">The delegate type is not public or uses a type with no wasm equivalent.</exception>
    public Linker DefineFunction(string module, string name, Delegate callback) => Define(module, name, Function.FromDelegate(callback));

    /// <summary>Instantiates <paramref name="module"/> in <paramref name="store"/>: resolves imports, initialises segments, runs the start function.</summary>
    /// <param name="store">The store.</param>
    /// <param name="module">The module.</param>
    /// <returns>The instance.</returns>
    /// <exception cref="LinkException">An import is missing or has an incompatible type.</exception>
    /// <exception cref="TrapException">Segment initialisation or the start function trapped.</exception>
    public Instance Instantiate(Store store, Module module)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(module);
        if (store.Engine != Engine || module.Engine != Engine)
        {
            throw new ArgumentException("the store, module and linker must share one engine");
        }

        var imports = new Extern[module.Imports.Count];
        for (var i = 0; i < imports.Length; i++)
        {
            var wanted = module.Imports[i];
            if (!_definitions.TryGetValue((wanted.Module, wanted.Name), out var found))
            {
                throw new LinkException($"unknown import: \"{wanted.Module}\" \"{wanted.Name}\" ({wanted.DescribeType()}) is not defined");
            }

            imports[i] = found;
        }

        return Instance.Create(store, module, imports);
    }
}

/// <summary>The spec's import subtyping rules (exact function types, limits that fit, equal global types).</summary>
internal static class ImportMatcher
{
    /// <summary>Throws a <see cref="LinkException"/> naming both types when <paramref name="given"/> cannot satisfy <paramref name="wanted"/>.</summary>
    public static void Require(ExternDescriptor wanted, Extern given)
    {
        if (!Matches(wanted, given))
        {
            throw new LinkException(
                $"incompatible import type: \"{wanted.Module}\" \"{wanted.Name}\" expects ({wanted.DescribeType()}) but was given ({given.DescribeType()})");
        }
    }

    public static bool Matches(ExternDescriptor wanted, Extern given) => (wanted.Kind, given) switch
    {
        (ExternalKind.Function, Function function) => function.Type.Equals(wanted.FunctionType),
        (ExternalKind.Table, Table table) => table.ElementType == wanted.TableType.ElementType && LimitsFit(table.Type.Limits, wanted.TableType.Limits),
        (ExternalKind.Memory, Memory memory) => LimitsFit(memory.Type.Limits, wanted.MemoryType.Limits),
        (ExternalKind.Global, Global global) => global.Type == wanted.GlobalType,
        _ => false,
    };

    private static bool LimitsFit(Limits actual, Limits wanted) =>
        actual.Minimum >= wanted.Minimum && (wanted.Maximum is not { } max || (actual.Maximum is { } actualMax && actualMax <= max));
}
