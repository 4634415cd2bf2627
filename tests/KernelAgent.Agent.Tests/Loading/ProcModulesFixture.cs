namespace KernelAgent.Agent.Tests.Loading;

/// <summary>
/// /proc/modules text in the kernel's exact format (kernel/module/procfs.c), from a Debian 6.1 guest as an
/// unprivileged reader sees it (addresses 0). The test machine's own kernel has no loadable modules, so its
/// /proc/modules does not exist.
/// </summary>
internal static class ProcModulesFixture
{
    public const string Text =
        "kagent_sample 16384 0 - Live 0x0000000000000000 (OE)\n" +
        "nft_chain_nat 16384 3 - Live 0x0000000000000000\n" +
        "nf_nat 57344 2 nft_chain_nat,xt_MASQUERADE, Live 0x0000000000000000\n" +
        "nf_tables 290816 263 nft_compat,nft_chain_nat, Live 0x0000000000000000\n" +
        "ext4 987136 1 - Live 0x0000000000000000\n" +
        "crc16 16384 1 ext4, Live 0x0000000000000000\n" +
        "mbcache 16384 1 ext4, Live 0x0000000000000000\n" +
        "jbd2 167936 1 ext4, Live 0x0000000000000000\n" +
        "virtio_net 65536 0 - Live 0x0000000000000000\n" +
        "net_failover 24576 1 virtio_net, Live 0x0000000000000000\n" +
        "loop 32768 0 - Loading 0xffffffffc0a20000\n" +
        "zfs 4808704 6 - Live 0x0000000000000000 (POE)\n" +
        "xor 24576 1 [permanent], Unloading 0x0000000000000000\n";
}
