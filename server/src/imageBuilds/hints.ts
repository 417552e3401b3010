// Known failure patterns in Packer and PyInfra output, and what to tell the user. Data, matched line by line.

export interface FailureHint {
  code: string;
  pattern: RegExp;
  message: string;
}

export const LINE_HINTS: readonly FailureHint[] = [
  {
    code: 'aws-credentials',
    pattern:
      /NoCredentialProviders|no valid credential sources|UnauthorizedOperation|AuthFailure|InvalidClientTokenId|SignatureDoesNotMatch|ExpiredToken|AccessDenied|is not authorized to perform/,
    message: 'Check the AWS credentials (profile, environment, SSO session) and the IAM permissions of the identity Packer uses.',
  },
  {
    code: 'ssh-timeout',
    pattern: /Timeout waiting for SSH|timeout while waiting for SSH|SSH handshake err|Could not connect \(|Unable to connect to port 22/i,
    message: 'The machine was not reachable over SSH: check that the security group (or firewall) allows SSH from this machine, and the subnet and public IP settings.',
  },
  {
    code: 'pyinfra-prompt',
    pattern: /EOFError: EOF when reading a line/,
    message: 'PyInfra waited for confirmation on an empty stdin: add -y to the pyinfra command in the provisioner.',
  },
];

export const HCL_ERROR_HINT: FixedHint = {
  code: 'hcl-error',
  message: 'Packer rejected the template: run "Bilder: Validate" (packer validate) and fix the reported errors first.',
};

export const NO_ARTIFACT_HINT: FixedHint = {
  code: 'no-artifact',
  message: 'No artifact was created: read the provisioning errors above (the failing provisioner and its PyInfra operations).',
};

export interface FixedHint {
  code: string;
  message: string;
}

export const PYINFRA_MISSING_HINT: FixedHint = {
  code: 'pyinfra-missing',
  message:
    'PyInfra is not installed on the machine that runs Packer (shell-local runs there): install it (pipx install pyinfra, or pip install pyinfra in the virtualenv the provisioner activates) or give the provisioner its full path.',
};

export const PYINFRA_USAGE_HINT: FixedHint = {
  code: 'pyinfra-usage',
  message: 'The pyinfra command in the provisioner is wrong: check its options and arguments against `pyinfra --help` (inventory first, then the deploy file).',
};
