// Compiled into WitSharp.HostRuntime and, as a linked source, into the WitSharp analyzers (netstandard2.0), so the
// list of WASI capability names exists once.
using System.Collections.Generic;

namespace WitSharp.HostRuntime.Capabilities
{
    /// <summary>Capability names of the WASI 0.2 interfaces a host can grant (unversioned interface names).</summary>
    public static class WasiCapabilities
    {
        /// <summary><c>wasi:io/error</c>.</summary>
        public const string IoError = "wasi:io/error";
        /// <summary><c>wasi:io/streams</c>.</summary>
        public const string IoStreams = "wasi:io/streams";
        /// <summary><c>wasi:io/poll</c>.</summary>
        public const string IoPoll = "wasi:io/poll";
        /// <summary><c>wasi:cli/environment</c>.</summary>
        public const string CliEnvironment = "wasi:cli/environment";
        /// <summary><c>wasi:cli/exit</c>.</summary>
        public const string CliExit = "wasi:cli/exit";
        /// <summary><c>wasi:cli/stdin</c>.</summary>
        public const string CliStdin = "wasi:cli/stdin";
        /// <summary><c>wasi:cli/stdout</c>.</summary>
        public const string CliStdout = "wasi:cli/stdout";
        /// <summary><c>wasi:cli/stderr</c>.</summary>
        public const string CliStderr = "wasi:cli/stderr";
        /// <summary><c>wasi:cli/terminal-input</c>.</summary>
        public const string CliTerminalInput = "wasi:cli/terminal-input";
        /// <summary><c>wasi:cli/terminal-output</c>.</summary>
        public const string CliTerminalOutput = "wasi:cli/terminal-output";
        /// <summary><c>wasi:cli/terminal-stdin</c>.</summary>
        public const string CliTerminalStdin = "wasi:cli/terminal-stdin";
        /// <summary><c>wasi:cli/terminal-stdout</c>.</summary>
        public const string CliTerminalStdout = "wasi:cli/terminal-stdout";
        /// <summary><c>wasi:cli/terminal-stderr</c>.</summary>
        public const string CliTerminalStderr = "wasi:cli/terminal-stderr";
        /// <summary><c>wasi:clocks/wall-clock</c>.</summary>
        public const string ClocksWallClock = "wasi:clocks/wall-clock";
        /// <summary><c>wasi:clocks/monotonic-clock</c>.</summary>
        public const string ClocksMonotonicClock = "wasi:clocks/monotonic-clock";
        /// <summary><c>wasi:random/random</c>.</summary>
        public const string RandomRandom = "wasi:random/random";
        /// <summary><c>wasi:random/insecure</c>.</summary>
        public const string RandomInsecure = "wasi:random/insecure";
        /// <summary><c>wasi:random/insecure-seed</c>.</summary>
        public const string RandomInsecureSeed = "wasi:random/insecure-seed";
        /// <summary><c>wasi:filesystem/types</c>.</summary>
        public const string FilesystemTypes = "wasi:filesystem/types";
        /// <summary><c>wasi:filesystem/preopens</c>.</summary>
        public const string FilesystemPreopens = "wasi:filesystem/preopens";

        /// <summary>Every WASI capability name above.</summary>
        public static IReadOnlyList<string> All { get; } = new[]
        {
            IoError, IoStreams, IoPoll, CliEnvironment, CliExit, CliStdin, CliStdout, CliStderr, CliTerminalInput,
            CliTerminalOutput, CliTerminalStdin, CliTerminalStdout, CliTerminalStderr, ClocksWallClock,
            ClocksMonotonicClock, RandomRandom, RandomInsecure, RandomInsecureSeed, FilesystemTypes, FilesystemPreopens,
        };

        /// <summary>The capability name of a WASI import key: the key without its <c>@version</c>.</summary>
        /// <param name="importKey">A component import name such as <c>wasi:cli/stdout@0.2.3</c>.</param>
        public static string FromImportKey(string importKey)
        {
            int at = importKey.IndexOf('@');
            return at < 0 ? importKey : importKey.Substring(0, at);
        }
    }
}
