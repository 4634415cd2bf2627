namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>The parts of an initramfs that depend only on the architecture: the published agent and Debian's user space.</summary>
/// <param name="AgentDirectory">The NativeAOT kernel-agent with libsodium.so (scripts/e2e/publish-agent.sh).</param>
/// <param name="UserlandDirectory">busybox, glibc, OpenSSL, os-release (scripts/e2e/userland.sh).</param>
internal sealed record GuestUserland(string AgentDirectory, string UserlandDirectory);
