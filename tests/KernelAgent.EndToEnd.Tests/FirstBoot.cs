using KernelAgent.EndToEnd.Tests.Guest;

namespace KernelAgent.EndToEnd.Tests;

/// <summary>The first amd64 guest: a fresh farm, so the agent's request is a miss and the farm builds on demand.</summary>
/// <param name="Report">What the guest printed.</param>
/// <param name="Kernel">The kernel it booted.</param>
/// <param name="Disk">Its persistent disk, now holding lib/modules/&lt;release&gt;/updates/dkms/kagent_sample.ko.</param>
/// <param name="CompilationsBefore">Farm kbuild runs before the boot.</param>
/// <param name="CompilationsAfter">Farm kbuild runs after the boot.</param>
internal sealed record FirstBoot(GuestReport Report, PreparedKernel Kernel, string Disk, int CompilationsBefore, int CompilationsAfter);
