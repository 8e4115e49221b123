import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="narrow">
      <h1>No such room</h1>
      <p>
        That address is not a room of the latent playground. Room codes are 3 to 40 lowercase letters, digits or
        dashes, like <code>calm-otter-42</code>.
      </p>
      <p>
        <Link href="/" className="button primary">
          Create or join a room
        </Link>
      </p>
    </main>
  );
}
