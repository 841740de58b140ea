namespace WitSharp.Wasm;

/// <summary>A custom section of a module (for example "name" or "component-type:...").</summary>
/// <param name="Name">The section name.</param>
/// <param name="Content">The section payload.</param>
public sealed record ModuleCustomSection(string Name, ReadOnlyMemory<byte> Content);

/// <summary>A decoded and validated WebAssembly module, ready to instantiate in any store of its engine.</summary>
public sealed class Module
{
    private Module(Engine engine, ModuleDefinition definition, string? name)
    {
        Engine = engine;
        Definition = definition;
        Name = name ?? definition.Names.ModuleName;
        Imports = definition.Imports.Select(i => new ExternDescriptor(i.Module, i.Name, i.Kind,
            i.Kind == ExternalKind.Function ? definition.Types[i.FunctionTypeIndex] : null, i.Table, i.Memory, i.Global)).ToArray();
        Exports = definition.Exports.Select(e => DescribeExport(definition, e)).ToArray();
        CustomSections = definition.CustomSections.Select(c => new ModuleCustomSection(c.Name, c.Content)).ToArray();
    }

    /// <summary>The engine the module was compiled for.</summary>
    public Engine Engine { get; }

    /// <summary>The module's name (given, or from the name section), or <see langword="null"/>.</summary>
    public string? Name { get; }

    /// <summary>The imports in declaration order, with their types.</summary>
    public IReadOnlyList<ExternDescriptor> Imports { get; }

    /// <summary>The exports in declaration order, with their types.</summary>
    public IReadOnlyList<ExternDescriptor> Exports { get; }

    /// <summary>The custom sections in binary order.</summary>
    public IReadOnlyList<ModuleCustomSection> CustomSections { get; }

    internal ModuleDefinition Definition { get; }

    private readonly object _compileLock = new();
    private CompiledModule? _compiled;

    /// <summary>The module's compiled code, produced on first instantiation and shared by all instances.</summary>
    internal CompiledModule GetCompiledCode()
    {
        lock (_compileLock)
        {
            if (_compiled is null)
            {
                _compiled = ModuleCompiler.Compile(Definition, Engine.Config.ConsumeFuel);
                WasmBacktrace.Register(_compiled.Holder, Name, Definition.Names.FunctionNames);
            }

            return _compiled;
        }
    }

    /// <summary>Decodes and validates a module binary.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="binary">The module bytes.</param>
    /// <param name="name">A name for diagnostics, or <see langword="null"/> to use the name section's.</param>
    /// <returns>The module.</returns>
    /// <exception cref="ModuleLoadException">The binary is malformed, invalid or uses an unsupported feature.</exception>
    public static Module FromBytes(Engine engine, ReadOnlySpan<byte> binary, string? name = null) => FromBytes(engine, binary.ToArray(), name);

    /// <summary>Decodes and validates a module binary (the array is not copied; do not modify it afterwards).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="binary">The module bytes.</param>
    /// <param name="name">A name for diagnostics, or <see langword="null"/> to use the name section's.</param>
    /// <returns>The module.</returns>
    /// <exception cref="ModuleLoadException">The binary is malformed, invalid or uses an unsupported feature.</exception>
    public static Module FromBytes(Engine engine, byte[] binary, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(binary);
        var definition = ModuleParser.Parse(binary);
        ModuleValidator.Validate(definition);
        return new Module(engine, definition, name);
    }

    private static ExternDescriptor DescribeExport(ModuleDefinition module, ExportDefinition export) => export.Kind switch
    {
        ExternalKind.Function => new(string.Empty, export.Name, export.Kind, module.GetFunctionType(export.Index), default, default, default),
        ExternalKind.Table => new(string.Empty, export.Name, export.Kind, null, module.Tables[export.Index], default, default),
        ExternalKind.Memory => new(string.Empty, export.Name, export.Kind, null, default, module.Memories[export.Index], default),
        _ => new(string.Empty, export.Name, export.Kind, null, default, default, module.GlobalTypes[export.Index]),
    };
}
