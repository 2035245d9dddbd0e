using Nas.Cli;
using Nas.Torch.Runtime;
using Nas.Torch.Search;

// Allocator tuning must come before the first tensor exists (NAS_NO_MALLOPT=1 opts out).
NativeAllocator.Configure();

// Each command trains one network at a time, or knows when it does not (a search's parallel workers, whose trials'
// contexts say they are not alone): a network trained alone may switch oneDNN on for itself (CpuKernels.AdmitOneDnnFor).
CpuKernels.OneNetworkAtATime = true;

// Logs and pipes get wide tables instead of 80 columns.
if (System.Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 200;

return await NasCli.RunAsync(args, SearchCatalog.Default);
