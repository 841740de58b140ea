using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.HostRuntime.Wasi;

/// <summary><c>wasi:cli/*</c>: environment, exit, stdio and the terminal interfaces.</summary>
internal static class WasiCli
{
    public static void DefineEnvironment(WasiState state, IComponentImports imports, string instance)
    {
        imports.DefineFunction(instance, "get-environment", o => (Action<int>)(ret =>
        {
            var variables = state.Configuration.Environment;
            var list = WasiState.AllocateList(o, variables.Count, 16, 4);
            for (var i = 0; i < variables.Count; i++)
            {
                WasiState.StoreString(o, list + (16 * i), variables[i].Key);
                WasiState.StoreString(o, list + (16 * i) + 8, variables[i].Value);
            }

            o.Memory.StoreU32(ret, (uint)list);
            o.Memory.StoreU32(ret + 4, (uint)variables.Count);
        }));
        imports.DefineFunction(instance, "get-arguments", o => (Action<int>)(ret =>
        {
            var arguments = state.Configuration.Arguments;
            var list = WasiState.AllocateList(o, arguments.Count, 8, 4);
            for (var i = 0; i < arguments.Count; i++)
            {
                WasiState.StoreString(o, list + (8 * i), arguments[i]);
            }

            o.Memory.StoreU32(ret, (uint)list);
            o.Memory.StoreU32(ret + 4, (uint)arguments.Count);
        }));
        // No working directory: relative paths have nothing to be relative to outside the preopens.
        imports.DefineFunction(instance, "initial-cwd", o => (Action<int>)(ret => o.Memory.StoreU8(ret, 0)));
    }

    public static void DefineExit(WasiState state, IComponentImports imports, string instance)
    {
        imports.DefineFunction(instance, "exit", _ => (Action<int>)(status =>
        {
            state.Stdout.Flush();
            state.Stderr.Flush();
            throw new WasiExitException(CanonicalValues.CheckDiscriminant(status, 2, "result"));
        }));
        imports.DefineFunction(instance, "exit-with-code", _ => (Action<int>)(code =>
        {
            state.Stdout.Flush();
            state.Stderr.Flush();
            throw new WasiExitException(code & 0xff);
        }));
    }

    public static void DefineStdio(WasiState state, IComponentImports imports, string instance)
    {
        switch (instance[..instance.IndexOf('@')])
        {
            case "wasi:cli/stdin":
                imports.DefineFunction(instance, "get-stdin", o => (Func<int>)(() => state.Own(o, WasiResource.InputStream, new EmptyInputStream())));
                break;
            case "wasi:cli/stdout":
                imports.DefineFunction(instance, "get-stdout", o => (Func<int>)(() => state.Own(o, WasiResource.OutputStream, state.Stdout)));
                break;
            default:
                imports.DefineFunction(instance, "get-stderr", o => (Func<int>)(() => state.Own(o, WasiResource.OutputStream, state.Stderr)));
                break;
        }
    }

    /// <summary>terminal-stdin/stdout/stderr: the guest is never attached to a terminal, so each returns none.</summary>
    public static void DefineTerminalStdio(IComponentImports imports, string instance)
    {
        var function = instance[..instance.IndexOf('@')] switch
        {
            "wasi:cli/terminal-stdin" => "get-terminal-stdin",
            "wasi:cli/terminal-stdout" => "get-terminal-stdout",
            _ => "get-terminal-stderr",
        };
        imports.DefineFunction(instance, function, o => (Action<int>)(ret => o.Memory.StoreU8(ret, 0)));
    }
}
