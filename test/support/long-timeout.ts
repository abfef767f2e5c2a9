// Integration and end-to-end tests start databases, processes and a browser; CI shares 2 cores
// with other work, so they get two minutes, never Jest's 5 s. (A project's testTimeout is not
// honoured by this Jest version; jest.setTimeout in a setup file is.)
jest.setTimeout(120_000);
