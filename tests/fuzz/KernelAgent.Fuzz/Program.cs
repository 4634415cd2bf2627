using KernelAgent.Fuzz;
using SharpFuzz;

// Usage: KernelAgent.Fuzz attestation <trusted.pub>   run one target under afl-fuzz (input from afl)
//        KernelAgent.Fuzz policy <trusted.pub>
//        KernelAgent.Fuzz elf
//        KernelAgent.Fuzz seeds <folder>               write seeds into <folder>/<target>/ and <folder>/trusted.pub
return args switch
{
    ["attestation", var trusted] => Run(new AttestationTarget(trusted).Run),
    ["policy", var trusted] => Run(new TrustPolicyTarget(trusted).Run),
    ["elf"] => Run(ModinfoTarget.Run),
    ["seeds", var folder] => Seeds.Write(folder),
    _ => Usage(),
};

static int Run(Action<Stream> target)
{
    Fuzzer.OutOfProcess.Run(target);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: KernelAgent.Fuzz attestation <trusted.pub> | policy <trusted.pub> | elf | seeds <folder>");
    return 2;
}
