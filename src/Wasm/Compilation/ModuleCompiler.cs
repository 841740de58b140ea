using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace WitSharp.Wasm;

/// <summary>
/// Compiles every function body of a module to a static method of one type in a collectible dynamic assembly (static
/// methods get tiered JIT and real function pointers). Calling convention: the wasm parameters, then the
/// <see cref="InstanceContext"/>; the return value is the single result, or void when there are none or several (then
/// the results are left in <see cref="ResultBuffer"/>).
/// </summary>
internal static class ModuleCompiler
{
    private static int s_assemblyCounter;

    public static CompiledModule Compile(ModuleDefinition module, bool meterFuel)
    {
        var builder = DefineAssembly($"WitSharp.Wasm.Compiled{Interlocked.Increment(ref s_assemblyCounter)}", AssemblyBuilderAccess.RunAndCollect);
        var type = builder.DefineType("Functions", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var methods = new MethodBuilder[module.Code.Length];
        for (var i = 0; i < methods.Length; i++)
        {
            var signature = module.GetFunctionType(module.Code[i].FunctionIndex);
            methods[i] = type.DefineMethod($"f{module.Code[i].FunctionIndex}", MethodAttributes.Public | MethodAttributes.Static,
                IlTypes.ReturnType(signature), IlTypes.ParameterTypes(signature));

            // One CLR frame per wasm call keeps trap backtraces exact (see WasmBacktrace).
            methods[i].SetImplementationFlags(MethodImplAttributes.NoInlining | MethodImplAttributes.AggressiveOptimization);
        }

        var stubs = new LocalStubs(type);
        for (var i = 0; i < methods.Length; i++)
        {
            new FunctionCompiler(module, methods, module.Code[i], methods[i], stubs, meterFuel).Compile();
        }

        var created = type.CreateType();

        // One lookup table instead of GetMethod(name) per function, which scans all methods each time (quadratic).
        var byName = created.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).ToDictionary(method => method.Name, StringComparer.Ordinal);
        var compiledMethods = Array.ConvertAll(methods, method => byName[method.Name]);
        return new CompiledModule(created, compiledMethods, Array.ConvertAll(compiledMethods, method => method.MethodHandle.GetFunctionPointer()));
    }

    /// <summary>A dynamic assembly allowed to reach this assembly's internals (the runtime honours IgnoresAccessChecksTo).</summary>
    internal static ModuleBuilder DefineAssembly(string name, AssemblyBuilderAccess access)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName(name), access);
        var ignoreChecks = typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!;
        assembly.SetCustomAttribute(new CustomAttributeBuilder(ignoreChecks, [typeof(Ops).Assembly.GetName().Name!]));
        return assembly.DefineDynamicModule(name);
    }
}

/// <summary>The compiled code of a module: its functions' methods and function pointers, kept alive with their type.</summary>
/// <param name="Holder">The generated type; holding it keeps the collectible assembly alive.</param>
/// <param name="Methods">The method of defined function i (function index minus imported functions).</param>
/// <param name="Entries">Entry point of defined function i.</param>
internal sealed record CompiledModule(Type Holder, MethodInfo[] Methods, nint[] Entries)
{
    /// <summary>The typed-delegate wrappers of this module's functions (see <see cref="DelegateStubs"/>), by delegate type and
    /// method; kept here, not in a static cache, so they are collected with the module.</summary>
    public ConcurrentDictionary<(Type Delegate, MethodInfo Method), DynamicMethod> Wrappers { get; } = new();
}
